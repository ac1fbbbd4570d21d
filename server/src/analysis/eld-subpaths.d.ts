// eld's data-size entries are package `exports` subpaths, which this project's
// moduleResolution ("node") cannot see; they have the main entry's types.
declare module 'eld/extrasmall' {
  export * from 'eld';
}
