import type { MetaAttachment, MetaMessage, MetaMessagingEvent } from './meta-webhook.schema';

/** Attachment kinds whose bytes are the customer's file and are copied into the blob store. */
export const META_MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'file', 'sticker']);

/**
 * What an agent reads for one Messenger or Instagram message. Story replies and mentions, shares and
 * links become a sentence with their URL rather than a file: Meta's story-mention guide says the
 * story's media must not be stored ("You must not store/cache the media content on your server",
 * developers.facebook.com/docs/messenger-platform/instagram/features/story-mention), and its CDN URL
 * stops working when the story expires (24 hours) or is deleted, which the agent should know.
 */
export function metaMessageText(message: MetaMessage): string {
  if (message.is_deleted === true) return '[The customer unsent a message]';
  if (message.is_unsupported === true) return '[A message of a type Meta does not pass on to apps; read it in the Instagram app]';
  const lines: string[] = [];
  const story = message.reply_to?.story;
  if (story) lines.push(`Replied to your story${story.url ? `: ${story.url}` : ''} (story links stop working when the story expires)`);
  if (message.text !== undefined && message.text !== '') lines.push(message.text);
  for (const attachment of message.attachments ?? []) {
    const line = attachmentLine(attachment);
    if (line !== undefined) lines.push(line);
  }
  return lines.join('\n');
}

/** A tapped button (postback), as the customer saw it: its title, or its payload when it has none. */
export function metaPostbackText(postback: NonNullable<MetaMessagingEvent['postback']>): string {
  if (postback.title) return postback.title;
  return `[Tapped a button${postback.payload ? ` (${postback.payload})` : ''}]`;
}

export function metaReactionText(reaction: NonNullable<MetaMessagingEvent['reaction']>): string {
  if (reaction.action === 'unreact') return 'Removed a reaction';
  const shown = reaction.emoji ?? reaction.reaction;
  return shown ? `Reacted ${shown} to a message` : 'Reacted to a message';
}

export function metaEditText(edit: NonNullable<MetaMessagingEvent['message_edit']>): string {
  return `Edited a message: ${edit.text ?? ''}`.trimEnd();
}

/** The sentence for an attachment that is not a file of the customer's, or undefined for one that is. */
function attachmentLine(attachment: MetaAttachment): string | undefined {
  if (META_MEDIA_TYPES.has(attachment.type)) return undefined;
  const url = attachment.payload?.url ?? attachment.url;
  const title = attachment.payload?.title ?? attachment.title;
  const link = url ? `: ${url}` : '';
  switch (attachment.type) {
    case 'story_mention':
      return `Mentioned you in their story${link} (story links stop working when the story expires)`;
    case 'share':
    case 'ig_post':
    case 'ig_reel':
    case 'reel':
      return `Shared a post${title ? ` "${title}"` : ''}${link}`;
    case 'fallback':
      return `Shared a link${title ? ` "${title}"` : ''}${link}`;
    case 'location':
      return `Shared a location${link}`;
    case 'template':
      return `[A structured message${title ? ` "${title}"` : ''}]`;
    default:
      return `[A ${attachment.type} attachment${link}]`;
  }
}
