import { classifyMetaSendError, type MetaGraphErrorBody } from './meta-send-error.util';

function body(code: number, subcode?: number, message = 'Meta says no', errorData?: string): MetaGraphErrorBody {
  return { error: { code, ...(subcode === undefined ? {} : { error_subcode: subcode }), message, type: 'OAuthException', ...(errorData === undefined ? {} : { error_data: errorData }) } };
}

describe('classifyMetaSendError', () => {
  it.each([
    [551, 1545041, '551'],
    [551, undefined, '551'],
    [10, 2018278, '2018278'],
    [10, 2534022, '2534022'],
    [100, 2018001, '2018001'],
    [100, undefined, '100'],
    [100, 2018109, '100'],
  ])('fails the reply for %s/%s with code %s', (code, subcode, expected) => {
    const outcome = classifyMetaSendError(400, body(code, subcode));
    expect(outcome).toMatchObject({ kind: 'failed', code: expected });
    // Only "this person isn't available" shuts the customer to the page; a closed window is lifted by their next message anyway.
    expect('recipientUnreachable' in outcome && outcome.recipientUnreachable === true).toBe(expected === '551');
  });

  it.each([
    [400, 190, undefined],
    [400, 613, undefined],
    [403, 10, undefined],
    [403, 200, undefined],
    [500, 2, undefined],
    [503, 1, undefined],
  ])('retries HTTP %s with code %s', (status, code, subcode) => {
    expect(classifyMetaSendError(status, body(code, subcode))).toMatchObject({ kind: 'retry' });
  });

  it('retries an answer that is not a Graph error, and names code, subcode and Meta\'s words in a failure', () => {
    expect(classifyMetaSendError(502, undefined)).toMatchObject({ kind: 'retry' });
    const failed = classifyMetaSendError(400, body(100, 2018001, '(#100) No matching user found', 'No matching user found.'));
    expect(failed).toEqual({ kind: 'failed', code: '2018001', message: 'Meta knows no such customer for this page (no matching user found) (Meta #100/2018001: (#100) No matching user found: No matching user found.)' });
  });

  it('fails a refusal it does not know about this message rather than holding the replies behind it', () => {
    expect(classifyMetaSendError(400, body(1893063))).toMatchObject({ kind: 'failed', code: '1893063' });
  });
});
