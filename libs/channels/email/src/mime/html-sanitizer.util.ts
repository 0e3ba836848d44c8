import sanitizeHtml from 'sanitize-html';

export interface SanitizeHtmlOptions {
  /** Remote images are tracking pixels as often as content; off unless a tenant asks for them. */
  readonly allowRemoteImages: boolean;
}

/**
 * Mail HTML made safe to show in a helpdesk: no scripts, handlers, forms, frames or styles that
 * fetch anything; images only inline (cid:, data:) unless remote images are allowed.
 */
export function sanitizeMailHtml(html: string, options: SanitizeHtmlOptions = { allowRemoteImages: false }): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'span', 'div'],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      font: ['color', 'size'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: options.allowRemoteImages ? ['cid', 'data', 'https', 'http'] : ['cid', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}
