// Content negotiation for nginx, as an njs module (njs 0.7.7 or later; Debian: libnginx-mod-http-js).
// A resource IRI /{path} answers 303 See Other to the representation its Accept header prefers, with
// Vary: Accept: /{path}/ (the HTML page), /{path}/index.ttl, /{path}/index.jsonld or /{path}/index.nt, or
// 406 when none is acceptable. q-values count, as RFC 9110 says: the highest q wins; on equal q the more
// specific range, then the range listed first, then the order of OFFERED. This is the algorithm of the
// `negotiator` npm package, which src/serve/negotiate.ts uses for the preview server; test/serve/negotiate.test.ts checks
// that the two choose alike. Plain ES5 so that both njs and Node run it. Deployment: see README.md.

// The media types we answer, in order of preference, with the address suffix of each.
var OFFERED = [
  ['text/html', '/'],
  ['text/turtle', '/index.ttl'],
  ['application/ld+json', '/index.jsonld'],
  ['application/n-triples', '/index.nt'],
];

// Media types read as one of ours, because our files are valid in their syntax (Turtle is valid N3 and TriG;
// N-Triples is valid N-Quads and was once text/plain; JSON-LD is JSON). Only explicit ranges are mapped,
// wildcards never reach them. Same table as MEDIA_TYPE_ALIASES in src/serve/negotiate.ts.
var ALIASES = {
  'application/x-turtle': 'text/turtle',
  'text/n3': 'text/turtle',
  'application/trig': 'text/turtle',
  'application/n-quads': 'application/n-triples',
  'text/plain': 'application/n-triples',
  'application/json': 'application/ld+json',
};

var TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
var QVALUE = /^(?:\d+\.?\d*|\.\d+)$/;

// Split on a separator that is not inside a quoted string.
function splitUnquoted(text, separator) {
  var parts = [];
  var current = '';
  var quoted = false;
  for (var i = 0; i < text.length; i++) {
    var ch = text.charAt(i);
    if (quoted && ch === '\\') {
      current += ch + text.charAt(i + 1);
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

// The media ranges of an Accept header, as {type, subtype, q, index}: aliases become the type they stand for,
// a type listed more than once keeps its highest q at its first place, parameters other than q are ignored,
// a q above 1 counts as 1, a malformed q as 0, malformed ranges are skipped, and no usable range at all
// means */*.
function parseAccept(header) {
  var ranges = [];
  var elements = splitUnquoted(typeof header === 'string' ? header : '', ',');
  for (var e = 0; e < elements.length; e++) {
    var parts = splitUnquoted(elements[e], ';');
    var range = parts[0].trim();
    var slash = range.indexOf('/');
    var type = range.slice(0, slash);
    var subtype = range.slice(slash + 1);
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    var q = 1;
    for (var p = 1; p < parts.length; p++) {
      var param = parts[p].trim();
      var eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      var value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      q = QVALUE.test(value) ? Math.min(parseFloat(value), 1) : 0;
      break;
    }
    var mediaType = (type + '/' + subtype).toLowerCase();
    if (Object.prototype.hasOwnProperty.call(ALIASES, mediaType)) mediaType = ALIASES[mediaType];
    var seen = false;
    for (var k = 0; k < ranges.length; k++) {
      if (ranges[k].mediaType === mediaType) {
        ranges[k].q = Math.max(ranges[k].q, q);
        seen = true;
      }
    }
    if (seen) continue;
    slash = mediaType.indexOf('/');
    ranges.push({ mediaType: mediaType, type: mediaType.slice(0, slash), subtype: mediaType.slice(slash + 1), q: q, index: ranges.length });
  }
  if (ranges.length === 0) ranges.push({ type: '*', subtype: '*', q: 1, index: 0 });
  return ranges;
}

// The best range for one offered type: most specific first, then highest q (ties: the later range).
function rankOffered(offeredIndex, ranges) {
  var slash = OFFERED[offeredIndex][0].indexOf('/');
  var type = OFFERED[offeredIndex][0].slice(0, slash);
  var subtype = OFFERED[offeredIndex][0].slice(slash + 1);
  var best = { q: 0, s: 0, o: -1, i: offeredIndex };
  for (var r = 0; r < ranges.length; r++) {
    var range = ranges[r];
    var s = 0;
    if (range.type === type) s += 4;
    else if (range.type !== '*') continue;
    if (range.subtype === subtype) s += 2;
    else if (range.subtype !== '*') continue;
    if ((best.s - s || best.q - range.q || best.o - range.index) < 0) {
      best = { q: range.q, s: s, o: range.index, i: offeredIndex };
    }
  }
  return best;
}

// Choose the redirect suffix ('/', '/index.ttl', ...) for an Accept header, or null if nothing is acceptable.
function choose(header) {
  var ranges = parseAccept(header);
  var best = null;
  for (var i = 0; i < OFFERED.length; i++) {
    var rank = rankOffered(i, ranges);
    if (!(rank.q > 0)) continue;
    if (best === null || (rank.q - best.q || rank.s - best.s || best.o - rank.o || best.i - rank.i) > 0) best = rank;
  }
  return best === null ? null : OFFERED[best.i][1];
}

function encodePath(uri) {
  return uri.split('/').map(encodeURIComponent).join('/');
}

// js_content handler for a resource IRI: 303 to the chosen representation, or 406.
function redirect(r) {
  var suffix = choose(r.headersIn['Accept']);
  var location = encodePath(r.uri);
  r.headersOut['Vary'] = 'Accept';
  if (suffix === null) {
    var list = [];
    for (var i = 0; i < OFFERED.length; i++) list.push(OFFERED[i][0] + ': ' + location + OFFERED[i][1]);
    r.headersOut['Content-Type'] = 'text/plain; charset=utf-8';
    r.return(406, 'Not acceptable. This resource is available as:\n' + list.join('\n') + '\n');
    return;
  }
  r.return(303, location + suffix);
}

export default { choose: choose, redirect: redirect };
