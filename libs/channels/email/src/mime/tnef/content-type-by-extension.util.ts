/** The file types customers actually send; anything else is application/octet-stream. */
const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['pdf', 'application/pdf'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['odt', 'application/vnd.oasis.opendocument.text'],
  ['ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['rtf', 'application/rtf'],
  ['txt', 'text/plain'],
  ['csv', 'text/csv'],
  ['htm', 'text/html'],
  ['html', 'text/html'],
  ['xml', 'application/xml'],
  ['json', 'application/json'],
  ['ics', 'text/calendar'],
  ['vcf', 'text/vcard'],
  ['eml', 'message/rfc822'],
  ['msg', 'application/vnd.ms-outlook'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['bmp', 'image/bmp'],
  ['tif', 'image/tiff'],
  ['tiff', 'image/tiff'],
  ['heic', 'image/heic'],
  ['webp', 'image/webp'],
  ['zip', 'application/zip'],
  ['7z', 'application/x-7z-compressed'],
  ['mp3', 'audio/mpeg'],
  ['wav', 'audio/wav'],
  ['mp4', 'video/mp4'],
  ['mov', 'video/quicktime'],
]);

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** The sender's MIME tag when it is a plausible type, else a guess from the file name's extension. */
export function contentTypeFor(name: string, mimeTag?: string): string {
  const tag = mimeTag?.trim().toLowerCase();
  if (tag && MIME_TYPE.test(tag) && tag !== 'application/octet-stream') return tag;
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION.get(extension)) || 'application/octet-stream';
}
