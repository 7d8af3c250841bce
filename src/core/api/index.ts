export * from './contract';
export * from './errors';
export * from './schemas';
export * from './wire';
export * from './validate';
