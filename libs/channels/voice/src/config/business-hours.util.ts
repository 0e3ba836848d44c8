import type { PhoneLine } from './phone-line.schema';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Whether `now` falls in the line's opening hours, in the line's own time zone. No hours: always open. */
export function isWithinBusinessHours(line: PhoneLine, now: Date): boolean {
  const hours = line.businessHours;
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS.indexOf(part('weekday')) + 1;
  const minutes = Number(part('hour')) * 60 + Number(part('minute'));
  const [openHour = 0, openMinute = 0] = hours.open.split(':').map(Number);
  const [closeHour = 0, closeMinute = 0] = hours.close.split(':').map(Number);
  return hours.days.includes(weekday) && minutes >= openHour * 60 + openMinute && minutes < closeHour * 60 + closeMinute;
}
