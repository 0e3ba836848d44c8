import { AttachmentBudget } from './attachment-budget';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';

describe('AttachmentBudget', () => {
  it('allows up to the contract limit of 100, then quarantines before the next one', () => {
    const budget = new AttachmentBudget();
    budget.reserve(60);
    budget.reserve(40);
    expect(() => budget.reserve(1)).toThrow(new EmailQuarantineError(EmailQuarantineCode.TooManyAttachments, '101 attachments or more, at most 100'));
  });

  it('refuses a batch that would go over without counting it', () => {
    const budget = new AttachmentBudget(3);
    expect(() => budget.reserve(4)).toThrow(EmailQuarantineError);
    budget.reserve(3);
  });
});
