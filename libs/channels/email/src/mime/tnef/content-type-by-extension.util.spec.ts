import { contentTypeFor } from './content-type-by-extension.util';

describe('contentTypeFor', () => {
  it.each([
    ['Vertrag.PDF', undefined, 'application/pdf'],
    ['photo.jpg', 'image/jpeg', 'image/jpeg'],
    ['photo.jpg', 'application/octet-stream', 'image/jpeg'],
    ['data.xyz', undefined, 'application/octet-stream'],
    ['report', 'not a type', 'application/octet-stream'],
  ])('%s with MIME tag %s is %s', (name, tag, expected) => {
    expect(contentTypeFor(name, tag)).toBe(expected);
  });
});
