import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = ['email', 'phone', 'whatsapp', 'telegram', 'messenger', 'instagram', 'chat-user'];
const KINDS_AFTER = [...KINDS_BEFORE, 'whatsapp-user'];

/**
 * WhatsApp's business-scoped user ids (`US.1349…`), sent beside the phone number or, when the user
 * hides it, instead of it, become a kind of contact identity. Frozen once released.
 */
export class WhatsappUserIdentities1764460800000 implements MigrationInterface {
  readonly name = 'WhatsappUserIdentities1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceKindCheck(queryRunner, KINDS_AFTER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM contact_identities WHERE kind = 'whatsapp-user'`);
    await replaceKindCheck(queryRunner, KINDS_BEFORE);
  }
}

async function replaceKindCheck(queryRunner: QueryRunner, kinds: readonly string[]): Promise<void> {
  const list = kinds.map((kind) => `'${kind}'`).join(', ');
  await queryRunner.query(`ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_kind_check`);
  await queryRunner.query(`ALTER TABLE contact_identities ADD CONSTRAINT contact_identities_kind_check CHECK (kind IN (${list}))`);
}
