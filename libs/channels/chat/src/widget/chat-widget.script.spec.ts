import { Script } from 'node:vm';
import { CHAT_WIDGET_SCRIPT } from './chat-widget.script';

describe('the widget script', () => {
  it('is valid JavaScript as served (it has no build step to catch a syntax error)', () => {
    expect(() => new Script(CHAT_WIDGET_SCRIPT, { filename: 'widget.js' })).not.toThrow();
  });

  it('does nothing where it is not loaded by a script tag', () => {
    const context = { document: { currentScript: null } };
    expect(() => {
      new Script(CHAT_WIDGET_SCRIPT).runInNewContext(context);
    }).not.toThrow();
  });
});
