/** TNEF signature, little-endian at offset 0 (MS-OXTNEF 2.1.3.1). */
export const TNEF_SIGNATURE = 0x223e9f78;

/** Attribute levels: message attributes, or attributes of the attachment last begun. */
export const LVL_MESSAGE = 0x01;
export const LVL_ATTACHMENT = 0x02;

/** Attribute ids without their type half (the low 16 bits; senders disagree about the type bits). */
export const TnefAttribute = {
  Body: 0x800c,
  OemCodepage: 0x9007,
  MapiProps: 0x9003,
  AttachRendData: 0x9002,
  AttachData: 0x800f,
  AttachTitle: 0x8010,
  Attachment: 0x9005,
  AttachTransportFilename: 0x9001,
} as const;

/** MAPI property ids (MS-OXPROPS) read from attMAPIProps and attAttachment. */
export const MapiProperty = {
  Body: 0x1000,
  RtfCompressed: 0x1009,
  BodyHtml: 0x1013,
  InternetCodepage: 0x3fde,
  AttachDataBin: 0x3701,
  AttachFilename: 0x3704,
  AttachMethod: 0x3705,
  AttachLongFilename: 0x3707,
  AttachMimeTag: 0x370e,
  AttachContentId: 0x3712,
  DisplayName: 0x3001,
} as const;

/** MAPI property types (MS-OXCDATA 2.11.1). */
export const MapiType = {
  Short: 0x0002,
  Long: 0x0003,
  Float: 0x0004,
  Double: 0x0005,
  Currency: 0x0006,
  AppTime: 0x0007,
  Error: 0x000a,
  Boolean: 0x000b,
  Object: 0x000d,
  Int64: 0x0014,
  String8: 0x001e,
  Unicode: 0x001f,
  SysTime: 0x0040,
  Clsid: 0x0048,
  Binary: 0x0102,
  MultiValued: 0x1000,
} as const;
