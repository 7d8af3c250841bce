/**
 * The table of i32 fields that describes one block of a layer to the kernels' layerForward / layerBackward
 * (mirrors the D_* constants of kernels/assembly/kernels.ts; pointers are byte offsets into the kernels' memory).
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

/** Header fields of a network-step table (stepNetwork; mirrors the N_* constants of kernels/assembly/kernels.ts). */
export const N = {
  LAYERS: 0,
  ROWS: 1,
  VOCAB: 2,
  TOKENS: 3,
  LOGITS: 4,
  LDL: 5,
  LP: 6,
  LBIAS: 7,
  LAYER0: 8,
  STRIDE: 20,
} as const;

/** Per-layer fields of a network-step table (the L_* constants of kernels/assembly/kernels.ts). */
export const L = {
  CELL: 0,
  U: 1,
  F: 2,
  LDZ: 3,
  LDZH: 4,
  TABLE: 5,
  TABLEH: 6,
  WP: 7,
  WHP: 8,
  BIAS: 9,
  BIASH: 10,
  RP: 11,
  RHP: 12,
  Z: 13,
  ZH: 14,
  H: 15,
  C: 16,
  TC: 17,
  RH: 18,
} as const;
