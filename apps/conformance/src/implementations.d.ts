// The ws aliases under test: each adapter casts what it loads to the shape of its own major, so the
// (single-version) @types/ws does not apply to them.
declare module 'ws2';
declare module 'ws3';
declare module 'ws4';
declare module 'ws5';
declare module 'ws6';
declare module 'ws7';
declare module 'ws8';
declare module 'websocket';
declare module 'faye-websocket';
