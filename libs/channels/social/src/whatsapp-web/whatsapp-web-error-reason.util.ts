/** An error as one line of text; whatsapp-web.js throws strings as well as Errors ('auth timeout'). */
export function whatsappWebErrorReason(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
