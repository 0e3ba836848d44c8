import { whatsappMessageText } from './whatsapp-message-text.util';
import { WhatsappMessageSchema, type WhatsappMessage } from './whatsapp-webhook.schema';

/** A message as the webhook schema parses it, so every case is one Meta could post. */
function message(part: Record<string, unknown>): WhatsappMessage {
  return WhatsappMessageSchema.parse({ from: '972987654321', id: 'wamid.xyz=', timestamp: '1697043223', ...part });
}

describe('whatsappMessageText', () => {
  it('reads a text message as its body', () => {
    expect(whatsappMessageText(message({ type: 'text', text: { body: 'Body Text' } }))).toBe('Body Text');
  });

  it.each(['image', 'video', 'audio', 'document', 'sticker'])('reads %s as its caption, or nothing without one', (type) => {
    expect(whatsappMessageText(message({ type, [type]: { id: '65463453', mime_type: 'x/y', caption: 'look at this' } }))).toBe('look at this');
    expect(whatsappMessageText(message({ type, [type]: { id: '65463453', mime_type: 'x/y' } }))).toBe('');
  });

  it('reads an interactive button reply as the tapped title', () => {
    expect(whatsappMessageText(message({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes-1', title: 'Yes, ship it' } } }))).toBe('Yes, ship it');
  });

  it('reads an interactive list reply as its title and description, or its title alone', () => {
    expect(
      whatsappMessageText(message({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row-2', title: 'Tuesday', description: '9:00 to 12:00' } } })),
    ).toBe('Tuesday — 9:00 to 12:00');
    expect(whatsappMessageText(message({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row-2', title: 'Tuesday' } } }))).toBe('Tuesday');
  });

  it('names an interactive reply of a kind it cannot read', () => {
    expect(whatsappMessageText(message({ type: 'interactive', interactive: { type: 'nfm_reply' } }))).toBe('[WhatsApp interactive reply of type nfm_reply]');
  });

  it("reads a template's quick-reply button as its text", () => {
    expect(whatsappMessageText(message({ type: 'button', button: { payload: 'callback_data', text: 'Stop promotions' } }))).toBe('Stop promotions');
  });

  it('reads a reaction with its emoji', () => {
    expect(whatsappMessageText(message({ type: 'reaction', reaction: { message_id: 'wamid.yzx=', emoji: '😮' } }))).toBe('Reacted 😮 to a message');
  });

  it('reads a removed reaction, sent with an empty emoji or none', () => {
    expect(whatsappMessageText(message({ type: 'reaction', reaction: { message_id: 'wamid.yzx=', emoji: '' } }))).toBe('Removed a reaction');
    expect(whatsappMessageText(message({ type: 'reaction', reaction: { message_id: 'wamid.yzx=' } }))).toBe('Removed a reaction');
  });

  it('reads a named location with its address, coordinates and a map link', () => {
    const location = { latitude: 37.4611978, longitude: -122.2164385, name: 'Facebook HQ', address: '1 Hacker Way, Menlo Park, CA 94025' };
    expect(whatsappMessageText(message({ type: 'location', location }))).toBe(
      'Location: Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025 (37.4611978, -122.2164385) https://maps.google.com/?q=37.4611978,-122.2164385',
    );
  });

  it('reads a shared current location (no name, no address) as coordinates and a map link', () => {
    expect(whatsappMessageText(message({ type: 'location', location: { latitude: 52.52, longitude: 13.405 } }))).toBe('Location: 52.52, 13.405 https://maps.google.com/?q=52.52,13.405');
  });

  it('reads a location with a name but no address', () => {
    expect(whatsappMessageText(message({ type: 'location', location: { latitude: 1.5, longitude: 2.5, name: 'Home' } }))).toBe('Location: Home (1.5, 2.5) https://maps.google.com/?q=1.5,2.5');
  });

  it('reads shared contacts one per line, with name and phones', () => {
    const contacts = [
      { name: { formatted_name: 'Chandler Bing' }, phones: [{ phone: '+1 555-555-5555' }, { phone: '+1 555-555-0000' }] },
      { name: { formatted_name: 'Monica Geller' } },
    ];
    expect(whatsappMessageText(message({ type: 'contacts', contacts }))).toBe('Shared contact: Chandler Bing, +1 555-555-5555, +1 555-555-0000\nShared contact: Monica Geller');
  });

  it.each(['unsupported', 'order'])('names a %s message it cannot show', (type) => {
    expect(whatsappMessageText(message({ type }))).toBe(`[WhatsApp ${type} message, which Tributary does not show yet]`);
  });

  it("reads a system message (the customer changed number) as Meta's sentence", () => {
    const system = { body: 'Erika changed from +49 151 12345678 to +49 151 87654321', wa_id: '4915187654321', type: 'user_changed_number' };
    expect(whatsappMessageText(message({ type: 'system', system }))).toBe('Erika changed from +49 151 12345678 to +49 151 87654321');
  });
});
