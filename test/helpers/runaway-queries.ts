// Queries that run far longer than any time limit of the tests: to check that the limit stops them.

/**
 * The regular expression that backtracking engines take exponential time on, over strings of 2,000 a's and a b.
 * Oxigraph's regular expressions run in linear time, so here it runs long by its million rows (minutes unstopped).
 */
export const RUNAWAY_REGEX = `SELECT (COUNT(*) AS ?n) WHERE {
  VALUES ?i { 1 2 3 4 5 6 7 8 9 10 } VALUES ?j { 1 2 3 4 5 6 7 8 9 10 } VALUES ?k { 1 2 3 4 5 6 7 8 9 10 }
  VALUES ?l { 1 2 3 4 5 6 7 8 9 10 } VALUES ?m { 1 2 3 4 5 6 7 8 9 10 } VALUES ?o { 1 2 3 4 5 6 7 8 9 10 }
  VALUES ?a { "${'a'.repeat(1000)}" }
  BIND(CONCAT(?a, ?a, STR(?i), "b") AS ?s)
  FILTER(REGEX(?s, "^(a+)+$"))
}`;

/** A cross join of the graph with itself, three times. */
export const CROSS_JOIN = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
