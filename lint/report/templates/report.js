// newslint report page: notes, keyboard, filters and side lists. Text goes into the page only through
// textContent, never as markup. A mark's id is category letter + level letter + its number in base 36;
// D.marks[number] is its kind, D.kinds[kind] = [rule, category, level, message, suggestions, fix, source,
// confidence].
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  var K = D.kinds;
  var L = D.labels;
  var note = document.getElementById('note');
  var filterStyle = document.getElementById('filter-css');
  var current = null;  // the mark whose note is open
  var pinned = false;
  var hidden = {};  // id prefixes (category + level) filtered out

  function primary(m) { return m.id ? m : document.getElementById(m.dataset.m); }
  function kindOf(m) { var p = primary(m); return K[D.marks[parseInt(p.id.slice(2), 36)]]; }
  function shown(m) { return !hidden[prefix(m)]; }
  var split = {};  // ids of findings drawn in several parts (few: looking parts up is a document query)
  D.split.forEach(function (id) { split[id] = true; });
  function parts(m) {
    var out = [m];
    if (split[m.id]) {
      m.closest('.doc').querySelectorAll('mark[data-m="' + m.id + '"]').forEach(function (p) { out.push(p); });
    }
    return out;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function visibleText(s) {
    if (s === '') return L['delete'];
    s = s.replace(/\r/g, '').replace(/\n/g, '⏎');
    return s.trim() === '' ? s.replace(/ /g, '␣') : s;  // a span of spaces is shown as ␣
  }
  function spanText(m) {
    var t = '';
    parts(m).forEach(function (p) { t += p.textContent; });
    return t;
  }
  function prefix(m) { return (m.id || m.dataset.m).slice(0, 2); }
  function fixBadge(k, text) {
    return el('span', 'badge fx' + (k[5] === 'unsafe' ? ' unsafe' : ''), text);
  }
  function spanLine(m) {
    var p = m.closest('p');
    if (!p) return '';
    prepare(m.closest('details.file'));
    // the paragraph's first line plus the newlines before the mark inside it
    var r = document.createRange();
    r.setStart(p, 0);
    r.setEndBefore(m);
    return String(+p.dataset.l + (r.toString().match(/\n/g) || []).length);
  }

  function entry(m) {
    var k = kindOf(m);
    var box = el('div', 'n');
    box.dataset.p = prefix(m);
    var hd = el('div', 'hd');
    hd.appendChild(el('span', 'lv lv-' + k[2], D.level[k[2]] || k[2]));
    hd.appendChild(el('span', 'cat', D.category[k[1]] || k[1]));
    hd.appendChild(el('code', 'rule', k[0]));
    if (k[5]) hd.appendChild(fixBadge(k, D.fix[k[5]]));
    box.appendChild(hd);
    box.appendChild(el('p', 'msg', k[3]));
    var dl = el('dl');
    function row(label, value) {
      dl.appendChild(el('dt', '', label));
      var dd = el('dd');
      if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
      dl.appendChild(dd);
    }
    row(L.line, spanLine(m) + '　“' + visibleText(spanText(m)) + '”');
    if (k[4].length) {
      var sugs = el('span');
      k[4].slice(0, 5).forEach(function (s, i) {
        if (i) sugs.appendChild(document.createTextNode(' / '));
        sugs.appendChild(el('span', 'sug', visibleText(s)));
      });
      row(L.suggestion, sugs);
    }
    if (k[6]) row(L.source, k[6]);
    if (k[7] !== null && k[7] !== undefined) row(L.confidence, k[7].toFixed(2));
    box.appendChild(dl);
    return box;
  }

  function place(m) {
    var rect = m.getClientRects()[0] || m.getBoundingClientRect();
    note.style.left = '0px';
    note.style.top = '0px';
    var w = note.offsetWidth;
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - w - 8));
    var top = rect.bottom + 6;
    if (top + note.offsetHeight > window.innerHeight && rect.top - note.offsetHeight - 6 > 0) {
      top = rect.top - note.offsetHeight - 6;
    }
    note.style.left = (left + window.scrollX) + 'px';
    note.style.top = (top + window.scrollY) + 'px';
  }

  function open(target, pin) {
    var m = primary(target);
    if (!m) return;
    close(false);
    current = m;
    pinned = pin;
    var list = [m];  // the findings around this one (nested marks), innermost first
    for (var p = target.parentElement.closest('mark'); p; p = p.parentElement.closest('mark')) {
      var q = primary(p);
      if (q && list.indexOf(q) < 0 && shown(p)) list.push(q);
    }
    note.replaceChildren();
    list.forEach(function (x) { note.appendChild(entry(x)); });
    if (pin) {
      var x = el('button', 'x', '×');
      x.type = 'button';
      x.setAttribute('aria-label', L.close);
      x.addEventListener('click', function () { close(true); });
      note.appendChild(x);
    }
    note.hidden = false;
    place(target);
    parts(m).forEach(function (p) { p.classList.add('cur'); });
    if (pin) follow(m);
    m.setAttribute('aria-describedby', 'note');
    m.setAttribute('aria-expanded', 'true');
  }
  function follow(m) {  // the side list shows the open finding
    var section = m.closest('details.file');
    var list = section && section.querySelector('.list');
    var old = document.querySelector('.list button.cur');
    if (old) old.classList.remove('cur');
    var b = list && list.querySelector('button[data-m="' + m.id + '"]');
    if (!b) return;
    b.classList.add('cur');
    var lr = list.getBoundingClientRect(), br = b.getBoundingClientRect();
    if (br.top < lr.top || br.bottom > lr.bottom) list.scrollTop += br.top - lr.top - list.clientHeight / 2;
  }
  function close(refocus) {
    note.hidden = true;
    if (!current) return;
    var m = current;
    parts(m).forEach(function (p) { p.classList.remove('cur'); });
    m.removeAttribute('aria-describedby');
    m.setAttribute('aria-expanded', 'false');
    current = null;
    pinned = false;
    if (refocus) m.focus({preventScroll: true});
  }
  function markAt(e) {
    var m = e.target.closest ? e.target.closest('.doc mark') : null;
    return m && shown(m) ? m : null;
  }

  document.addEventListener('click', function (e) {
    var m = markAt(e);
    if (m) { focusMark(primary(m), false); open(m, true); return; }
    if (pinned && !note.contains(e.target)) close(false);
  });
  document.addEventListener('mouseover', function (e) {
    var m = markAt(e);
    if (m && !pinned) open(m, false);
  });
  document.addEventListener('mouseout', function (e) {
    if (pinned || !current) return;
    var to = e.relatedTarget;
    if (to && (note.contains(to) || (to.closest && to.closest('.doc mark')))) return;
    close(false);
  });
  note.addEventListener('mouseleave', function (e) {
    var to = e.relatedTarget;
    if (!pinned && !(to && to.closest && to.closest('.doc mark'))) close(false);
  });

  // ---- keyboard: Tab and Shift+Tab go from mark to mark within an article -----------------------
  function focusMark(m, scroll) {
    if (m.tabIndex < 0 && !m.hasAttribute('tabindex')) m.tabIndex = -1;  // focusable, not a tab stop
    m.focus({preventScroll: !scroll});
  }
  function neighbour(m, step) {
    var all = m.closest('.doc').querySelectorAll('mark[id]');
    var i = Array.prototype.indexOf.call(all, m);
    for (var j = i + step; j >= 0 && j < all.length; j += step) if (shown(all[j])) return all[j];
    return null;
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key === 'Escape' && current) { e.preventDefault(); close(true); return; }
    if (t.tagName !== 'MARK') return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (current === t && pinned) close(true); else open(t, true);
    } else if (e.key === 'Tab') {
      var next = neighbour(t, e.shiftKey ? -1 : 1);
      if (next) { e.preventDefault(); focusMark(next, true); }
    }
  });
  document.addEventListener('focusin', function (e) {
    var t = e.target;
    if (t.tagName === 'MARK' && !t.hasAttribute('aria-label')) {
      var k = kindOf(t);
      t.setAttribute('aria-label', (D.level[k[2]] || k[2]) + ' ' + (D.category[k[1]] || k[1]) + '：“' +
        visibleText(spanText(t)) + '” ' + k[3]);
      t.setAttribute('aria-haspopup', 'dialog');
    }
    if (current && pinned && t !== current && !note.contains(t)) close(false);
  });
  window.addEventListener('resize', function () { if (current) place(current); });

  // ---- line numbers and side lists: written when a file's section comes near the screen -----------
  function prepare(section) {
    if (!section || section.dataset.ready) return;
    section.dataset.ready = '1';
    var lines = D.lines[+section.id.slice(1)];
    var ps = section.querySelectorAll('.doc > p');
    for (var i = 0; i < ps.length; i++) ps[i].dataset.l = lines[i];
    buildList(section);
  }
  function buildList(section) {
    var ol = section.querySelector('.list ol');
    if (!ol) return;
    var frag = document.createDocumentFragment();
    section.querySelectorAll('.doc mark[id]').forEach(function (m) {
      var k = kindOf(m);
      var li = el('li');
      li.hidden = !shown(m);
      var b = el('button');
      b.type = 'button';
      b.dataset.m = m.id;
      b.dataset.p = prefix(m);
      b.appendChild(el('span', 'ln', spanLine(m)));
      b.appendChild(el('span', 'lv lv-' + k[2], D.level[k[2]]));
      b.appendChild(document.createTextNode(' '));
      var t = visibleText(spanText(m));
      b.appendChild(el('span', 't', t.length > 14 ? t.slice(0, 14) + '…' : t));
      if (k[4].length) b.appendChild(document.createTextNode(' → ' + visibleText(k[4][0])));
      if (k[5]) { b.appendChild(document.createTextNode(' ')); b.appendChild(fixBadge(k, L.fixable)); }
      b.appendChild(el('span', 'm', (D.category[k[1]] || k[1]) + ' · ' + k[3]));
      li.appendChild(b);
      frag.appendChild(li);
    });
    ol.appendChild(frag);
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('.list button') : null;
    if (!b) return;
    var m = document.getElementById(b.dataset.m);
    if (!m) return;
    e.stopPropagation();
    m.scrollIntoView({block: 'center'});
    focusMark(m, false);
    open(m, true);
  }, true);
  var sections = document.querySelectorAll('details.file');
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { if (en.isIntersecting) { prepare(en.target); io.unobserve(en.target); } });
    }, {rootMargin: '400px'});
    sections.forEach(function (s) { io.observe(s); });
  } else {
    sections.forEach(prepare);
  }
  // the file index opens a collapsed section it jumps to
  document.querySelectorAll('.toc a').forEach(function (a) {
    a.addEventListener('click', function () {
      var s = document.getElementById('f' + a.dataset.f);
      if (s) s.open = true;
    });
  });

  // ---- filters: one generated rule unmarks what is filtered out ---------------------------------
  var form = document.querySelector('.filters');
  function applyFilters() {
    var on = {};
    form.querySelectorAll('input').forEach(function (i) { on[i.name + ':' + i.value] = i.checked; });
    hidden = {};
    var sel = [], n = 0;
    Object.keys(D.counts).forEach(function (pre) {
      var cat = null, lv = null;
      Object.keys(D.codes).forEach(function (c) { if (D.codes[c] === pre[0]) cat = c; });
      Object.keys(D.levels).forEach(function (l) { if (D.levels[l] === pre[1]) lv = l; });
      if (on['category:' + cat] === false || on['level:' + lv] === false) {
        hidden[pre] = true;
        sel.push('mark[id^=' + pre + ']', 'mark[data-m^=' + pre + ']');
      } else {
        n += D.counts[pre];
      }
    });
    filterStyle.textContent = sel.length ? sel.join(',') + '{background:none;border-bottom-color:transparent;' +
      'cursor:auto;box-shadow:none}' + sel.map(function (s) { return s + '.e::before'; }).join(',') +
      '{content:none}' : '';
    if (current) close(false);
    document.getElementById('shown').textContent = String(n);
    document.querySelectorAll('.list li').forEach(function (li) { li.hidden = !!hidden[li.firstChild.dataset.p]; });
    // each article's tab stop is its first mark still shown
    document.querySelectorAll('.doc').forEach(function (doc) {
      var stop = doc.querySelector('mark[tabindex="0"]');
      var first = null;
      var all = doc.querySelectorAll('mark[id]');
      for (var i = 0; i < all.length && !first; i++) if (shown(all[i])) first = all[i];
      if (stop !== first) {
        if (stop) stop.tabIndex = -1;
        if (first) first.tabIndex = 0;
      }
    });
  }
  if (form) form.addEventListener('change', applyFilters);
})();
