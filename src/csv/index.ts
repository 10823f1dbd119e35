/** The shared CSV reading layer (candidate import, member import). */
export * from './decode.js';
export * from './delimiter.js';
export * from './fields.js';
export * from './columns.js';
export * from './reader.js';
