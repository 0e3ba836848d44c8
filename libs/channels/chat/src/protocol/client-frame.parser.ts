import { ChatCloseCode } from './chat-close-code';
import { ClientFrameSchema, type ClientFrame } from './client-frame.schema';

export type ParsedFrame = { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly close: ChatCloseCode; readonly reason: string };

/**
 * One text frame from a widget. A frame over `maxBytes`, or one that is not a protocol frame, is a
 * refusal naming its close code; close reasons stay under the 123 bytes a close frame may carry.
 */
export function parseClientFrame(data: Buffer | string, maxBytes: number): ParsedFrame {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > maxBytes) return { ok: false, close: ChatCloseCode.FrameTooLarge, reason: `frame over ${maxBytes} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { ok: false, close: ChatCloseCode.BadFrame, reason: 'frame is not JSON' };
  }
  const parsed = ClientFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') || 'frame';
  return { ok: false, close: ChatCloseCode.BadFrame, reason: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 120) };
}
