// Hash routes: every page has a stable deep link, and bad links land on a kind page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, formatRoute, samePage, navItemFor, parseQuery } from '../../ui/logic/route.js';

test('the empty hash and #/ are the home page', () => {
  // A fresh window (no hash) must open on the home page, not an error.
  assert.deepEqual(parseRoute(''), { name: 'home' });
  assert.deepEqual(parseRoute('#'), { name: 'home' });
  assert.deepEqual(parseRoute('#/'), { name: 'home' });
});

test('simple pages parse, with or without a trailing slash', () => {
  for (const name of ['bookmarks', 'settings', 'about']) {
    assert.deepEqual(parseRoute(`#/${name}`), { name });
    assert.deepEqual(parseRoute(`#/${name}/`), { name });
  }
  assert.deepEqual(parseRoute('#/help'), { name: 'help', id: '' });
  assert.deepEqual(parseRoute('#/help/'), { name: 'help', id: '' });
});

test('help can open at one service, named by a contact id', () => {
  // A service found by search opens Help now at its card.
  assert.deepEqual(parseRoute('#/help/samaritans'), { name: 'help', id: 'samaritans' });
  for (const hash of ['#/help/Bad_Id', '#/help/a/b', '#/help/<x>']) {
    assert.equal(parseRoute(hash).name, 'notFound', hash);
  }
});

test('sections and articles carry their ids, anchors and query', () => {
  // Deep links to a heading inside an article must survive a restart.
  assert.deepEqual(parseRoute('#/section/for-you'), { name: 'section', id: 'for-you' });
  assert.deepEqual(parseRoute('#/article/the-first-days'), { name: 'article', slug: 'the-first-days', anchor: '', q: '' });
  assert.deepEqual(parseRoute('#/article/the-first-days/what-helps'), {
    name: 'article', slug: 'the-first-days', anchor: 'what-helps', q: '',
  });
  assert.deepEqual(parseRoute('#/article/the-first-days/what-helps?q=can%27t%20sleep'), {
    name: 'article', slug: 'the-first-days', anchor: 'what-helps', q: "can't sleep",
  });
});

test('search reads the query and filters, and drops filter values that are not ids', () => {
  assert.deepEqual(parseRoute('#/search?q=guilt+and+shame&section=for-you&audience=manager&kind=story'), {
    name: 'search', q: 'guilt and shame', section: 'for-you', audience: 'manager', kind: 'story', exact: '',
  });
  // "Search instead for" the words as typed.
  assert.equal(parseRoute('#/search?q=coronor&exact=1').exact, '1');
  assert.equal(parseRoute('#/search?q=coronor&exact=yes').exact, '');
  // A hand-edited link must not smuggle odd values through to the core.
  assert.deepEqual(parseRoute('#/search?q=x&section=<script>&kind=Story'), {
    name: 'search', q: 'x', section: '', audience: '', kind: '', exact: '',
  });
  assert.deepEqual(parseRoute('#/search'), { name: 'search', q: '', section: '', audience: '', kind: '', exact: '' });
});

test('odd input never throws and becomes notFound', () => {
  // Someone pasting a broken link sees "We couldn't find that page", not a blank window.
  for (const hash of ['#/nope', '#/article/', '#/article/Bad_Slug', '#/article/a/b/c', '#/section/a--b', '#/article/%E0%A4%A', 'main', '#/article/ok/<x>']) {
    assert.equal(parseRoute(hash).name, 'notFound', hash);
  }
  // A malformed escape in the query is ignored, not fatal.
  assert.equal(parseRoute('#/search?q=%E0%A4%A').name, 'search');
  assert.equal(parseRoute('#/search?q=%E0%A4%A').q, '');
});

test('very long queries are cut, not refused', () => {
  const route = parseRoute(`#/search?q=${'a'.repeat(10000)}`);
  assert.equal(route.name, 'search');
  assert.equal(route.q.length, 500);
});

test('formatRoute is the inverse of parseRoute', () => {
  const routes = [
    { name: 'home' },
    { name: 'bookmarks' },
    { name: 'help', id: '' },
    { name: 'help', id: 'samaritans' },
    { name: 'settings' },
    { name: 'about' },
    { name: 'section', id: 'stories' },
    { name: 'article', slug: 'nias-story', anchor: '', q: '' },
    { name: 'article', slug: 'nias-story', anchor: 'what-helped', q: 'guilt & "shame"' },
    { name: 'search', q: '', section: '', audience: '', kind: '', exact: '' },
    { name: 'search', q: 'what?#/&=x', section: 'for-you', audience: 'trainer', kind: 'case-study', exact: '' },
    { name: 'search', q: 'émotions 😢', section: '', audience: '', kind: '', exact: '' },
    { name: 'search', q: 'coronor', section: '', audience: '', kind: '', exact: '1' },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(formatRoute(route)), route, JSON.stringify(route));
});

test('formatRoute leaves out empty search parameters', () => {
  assert.equal(formatRoute({ name: 'search', q: 'sleep', section: '', audience: '', kind: '', exact: '' }), '#/search?q=sleep');
  assert.equal(formatRoute({ name: 'article', slug: 'a', anchor: '', q: '' }), '#/article/a');
});

test('samePage keeps a story mounted across its anchors, but not across articles', () => {
  // Passing a content warning once is enough while reading the same story.
  const a = parseRoute('#/article/nias-story');
  assert.ok(samePage(a, parseRoute('#/article/nias-story/what-helped')));
  assert.ok(samePage(a, parseRoute('#/article/nias-story?q=guilt')));
  assert.ok(!samePage(a, parseRoute('#/article/tomas-story')));
  assert.ok(samePage(parseRoute('#/search?q=a'), parseRoute('#/search?q=ab&kind=story')));
  assert.ok(!samePage(parseRoute('#/section/a'), parseRoute('#/section/b')));
  assert.ok(!samePage(parseRoute('#/x'), parseRoute('#/x')));
});

test('navItemFor marks the right navigation item', () => {
  assert.equal(navItemFor(parseRoute('#/')), 'home');
  assert.equal(navItemFor(parseRoute('#/bookmarks')), 'bookmarks');
  assert.equal(navItemFor(parseRoute('#/article/a')), null);
  assert.equal(navItemFor(parseRoute('#/search?q=a')), null);
});

test('parseQuery keeps the first value of a repeated key', () => {
  assert.deepEqual([...parseQuery('a=1&a=2&b')], [['a', '1'], ['b', '']]);
});

test('a workshop is presented at #/present/<slug>', () => {
  assert.deepEqual(parseRoute('#/present/workshop-awareness-60'), { name: 'present', slug: 'workshop-awareness-60' });
  assert.equal(formatRoute({ name: 'present', slug: 'workshop-awareness-60' }), '#/present/workshop-awareness-60');
  for (const hash of ['#/present', '#/present/Bad_Slug', '#/present/a/b']) {
    assert.equal(parseRoute(hash).name, 'notFound', hash);
  }
});

test('a story is read aloud at #/read/<slug>', () => {
  assert.deepEqual(parseRoute('#/read/story-ward-nurse'), { name: 'read', slug: 'story-ward-nurse' });
  assert.equal(formatRoute({ name: 'read', slug: 'story-ward-nurse' }), '#/read/story-ward-nurse');
  assert.equal(parseRoute('#/read/Bad_Slug').name, 'notFound');
});
