/**
 * The table of i32 fields that describes one block of a layer to the kernels' layerForward / layerBackward
 * (mirrors the D_* constants of assembly/kernels.ts; pointers are byte offsets into the kernels' memory).
 */
export const D = {
  CELL: 0,
  T: 1,
  B: 2,
  F: 3,
  U: 4,
  LDZ: 5,
  LDZH: 6,
  FLAGS: 7,
  XB: 8,
  X: 9,
  Z: 10,
  ZH: 11,
  H: 12,
  C: 13,
  TC: 14,
  RH: 15,
  WP: 16,
  WHP: 17,
  BIAS: 18,
  BIASH: 19,
  RP: 20,
  RHP: 21,
  RTP: 22,
  RHTP: 23,
  KERNEL: 24,
  WTP: 25,
  WHTP: 26,
  OUT: 27,
  DYB: 28,
  DY: 29,
  DX: 30,
  DXB: 31,
  DH: 32,
  DC: 33,
  DRHS: 34,
  DR: 35,
  DW: 36,
  DB: 37,
  DRH: 38,
  DWH: 39,
  DBH: 40,
} as const;

/** Fields per descriptor. */
export const DESCRIPTOR_FIELDS = 41;

/** Cell codes of the CELL field. */
export const CELL_CODE = { rnn: 0, lstm: 1, gru: 2 } as const;
