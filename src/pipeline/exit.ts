/*
 * How a run ended, as plain data: what every pipeline use returns for the
 * command line to turn into an exit code (the README's table: ok 0,
 * violated 1, error 2, limit 3).
 */

/**
 * ok: nothing violated (every property holds, the fix stops every race…);
 * violated: a property is violated (or an expectation missed);
 * error: the model failed at run time (its diagnostic has been made);
 * limit: a resource limit or Ctrl-C stopped the run before a verdict.
 */
export type ExitKind = 'ok' | 'violated' | 'error' | 'limit';
