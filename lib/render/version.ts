import { version } from '../../package.json';

/** edgefleet's version; part of every cache key, so an upgrade re-renders. */
export const EDGEFLEET_VERSION: string = version;
