import { MapiType } from './tnef-ids';
import { TnefByteReader } from './tnef-byte.reader';
import { TnefFormatError } from './tnef-format.error';

/** One MAPI property as read from a TNEF property block: its id, base type, and raw values. */
export interface MapiProp {
  readonly id: number;
  readonly type: number;
  /** Raw value bytes (views into the TNEF stream); one entry unless the property is multi-valued. */
  readonly values: readonly Buffer[];
}

/** Sizes of the fixed-length types as stored (each padded to at least four bytes). */
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [MapiType.Short, 4],
  [MapiType.Long, 4],
  [MapiType.Float, 4],
  [MapiType.Error, 4],
  [MapiType.Boolean, 4],
  [MapiType.Double, 8],
  [MapiType.Currency, 8],
  [MapiType.AppTime, 8],
  [MapiType.Int64, 8],
  [MapiType.SysTime, 8],
  [MapiType.Clsid, 16],
]);
const VARIABLE_TYPES: ReadonlySet<number> = new Set([MapiType.String8, MapiType.Unicode, MapiType.Binary, MapiType.Object]);

/**
 * Reads an attMAPIProps or attAttachment block (MS-OXTNEF 2.1.3.5). Counts come from the sender,
 * so each is checked against the bytes that are left before anything is read: a block claiming a
 * billion properties fails at once instead of looping.
 */
export function parseMapiProps(block: Buffer, maxProps: number): MapiProp[] {
  const reader = new TnefByteReader(block);
  const count = reader.u32();
  // The smallest property (type, id, a four-byte value) takes eight bytes.
  if (count > maxProps || count * 8 > reader.remaining) throw new TnefFormatError(`MAPI block claims ${count} properties in ${reader.remaining} bytes`);
  const props: MapiProp[] = [];
  for (let index = 0; index < count; index += 1) {
    const fullType = reader.u16();
    const id = reader.u16();
    if (id >= 0x8000) skipPropertyName(reader);
    const multi = (fullType & MapiType.MultiValued) !== 0;
    const type = fullType & ~MapiType.MultiValued;
    props.push({ id, type, values: readValues(reader, type, multi) });
  }
  return props;
}

/** Named properties carry a GUID and a number or a name; we read none of them, so skip it. */
function skipPropertyName(reader: TnefByteReader): void {
  reader.skip(16, 'a property set GUID');
  const kind = reader.u32();
  if (kind === 0) {
    reader.skip(4, 'a named property id');
    return;
  }
  const length = reader.u32();
  reader.skip(length, 'a property name');
  reader.align4();
}

function readValues(reader: TnefByteReader, type: number, multi: boolean): Buffer[] {
  const fixed = FIXED_SIZES.get(type);
  if (fixed !== undefined) {
    const count = multi ? checkedCount(reader, fixed) : 1;
    return Array.from({ length: count }, () => reader.take(fixed, 'a fixed-size value'));
  }
  if (!VARIABLE_TYPES.has(type)) throw new TnefFormatError(`unknown MAPI property type 0x${type.toString(16)}`);
  // Variable-length values always carry a count, even when single-valued.
  const count = checkedCount(reader, 4);
  return Array.from({ length: count }, () => {
    const value = reader.take(reader.u32(), 'a variable-length value');
    reader.align4();
    return value;
  });
}

function checkedCount(reader: TnefByteReader, minBytesEach: number): number {
  const count = reader.u32();
  if (count * minBytesEach > reader.remaining) throw new TnefFormatError(`${count} values cannot fit in ${reader.remaining} bytes`);
  return count;
}
