/**
 * What the compare view shows, computed from saved experiments without any UI: settings side by side with their
 * differences, metrics with the best per row and skill against seasonal naive, curves, forecast groups on a shared
 * test set with the Diebold-Mariano test, melodies, the re-run check, and settings against a metric.
 */
export * from './labels';
export * from './settings';
export * from './metrics';
export * from './curves';
export * from './forecastGroups';
export * from './melodies';
export * from './rerun';
export * from './parallel';
