export const VOICE_INGEST_CONFIG = Symbol('VOICE_INGEST_CONFIG');
export const TWILIO_CLIENT = Symbol('TWILIO_CLIENT');
export const HANDOFF_SPOOL = Symbol('HANDOFF_SPOOL');
export const SENT_REPLIES = Symbol('SENT_REPLIES');
export const PENDING_VOICEMAILS = Symbol('PENDING_VOICEMAILS');
