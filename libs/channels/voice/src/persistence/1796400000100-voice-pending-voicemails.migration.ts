import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voicemails waiting for their transcription, shared by every voice-ingest replica (it was a file
 * beside each replica's spool, so only the replica the recording callback reached could hand one
 * off). One row per call: the recording while it waits, the claim of whoever is handing it off (a
 * lease that runs out if that replica dies), and once handed off a tombstone (`settled_at`) that keeps
 * a late recording status callback from starting a second wait. A transcription that arrives before
 * its recording status callback claims the call before its row has a recording. Frozen once released.
 */
export class VoicePendingVoicemails1796400000100 implements MigrationInterface {
  readonly name = 'VoicePendingVoicemails1796400000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE voice_pending_voicemails (
        call_sid text NOT NULL,
        recording_sid text,
        recording_url text,
        from_number text,
        to_number text,
        duration_seconds integer,
        received_at timestamptz,
        due_at timestamptz,
        claimed_by text,
        claimed_until timestamptz,
        settled_at timestamptz,
        CONSTRAINT voice_pending_voicemails_pkey PRIMARY KEY (call_sid),
        CONSTRAINT voice_pending_voicemails_recording_check CHECK (
          recording_sid IS NULL OR (recording_url IS NOT NULL AND duration_seconds IS NOT NULL AND received_at IS NOT NULL AND due_at IS NOT NULL)
        ),
        CONSTRAINT voice_pending_voicemails_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
      )`);
    // What the fallback looks for on every check: the waiting ones by deadline, never the settled history.
    await queryRunner.query('CREATE INDEX voice_pending_voicemails_due_idx ON voice_pending_voicemails (due_at) WHERE settled_at IS NULL AND recording_sid IS NOT NULL');
    await queryRunner.query('CREATE INDEX voice_pending_voicemails_settled_idx ON voice_pending_voicemails (settled_at) WHERE settled_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE voice_pending_voicemails');
  }
}
