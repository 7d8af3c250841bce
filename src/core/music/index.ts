// The "Continue a melody" core without tfjs. The model and the sampler (which import @tensorflow/tfjs) are
// imported from './melodyModel' and './melodySampler' directly, so MIDI import stays light.
export * from './errors';
export * from './types';
export * from './pitch';
export * from './vocabulary';
export * from './tokens';
export * from './quantize';
export * from './midiFile';
export * from './midiImport';
export * from './midiExport';
export * from './corpus';
export * from './analysis';
export * from './sampling';
export * from './ngram';
export * from './dataset';
export * from './keyRelative';
export * from './trackSuggestion';
export * from './seedRange';
export * from './seedAffinity';
