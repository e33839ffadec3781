/**
 * What a leaked stack trace looks like in a reply or a page: a frame ("at fn (/path…", "at fn
 * (node:…", "at fn (file:…"), a Node internal, or a source position. Not prose such as "data at
 * rest (default encryption)", which a lookup card may well say.
 */
export const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \((?:[/\\]|node:|file:|<anonymous>)|node:internal|\.ts:\d+/;
