// newslint report page: notes, keyboard, filters and side lists. Text goes into the page only through
// textContent, never as markup.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  var K = D.kinds;  // [rule, category, level, message, suggestions, fix safety, source, confidence]
  var L = D.labels;
  var note = document.getElementById('note');
  var current = null;  // the mark whose note is open
  var pinned = false;
  var shownKinds = K.map(function () { return true; });

  function kindOf(m) { return +m.classList[0].slice(1); }
  function primary(m) { return m.id ? m : document.getElementById(m.dataset.m); }
  function parts(m) {
    var out = [m];
    document.querySelectorAll('mark[data-m="' + m.id + '"]').forEach(function (p) { out.push(p); });
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

  // every finding is one focusable mark (later parts of a split one are not tab stops)
  document.querySelectorAll('mark[id]').forEach(function (m) { m.tabIndex = 0; });

  function entry(m) {
    var k = K[kindOf(m)];
    var box = el('div', 'n');
    box.style.setProperty('--c', getComputedStyle(m).getPropertyValue('--c'));
    var hd = el('div', 'hd');
    hd.appendChild(el('span', 'lv lv-' + k[2], D.level[k[2]] || k[2]));
    hd.appendChild(el('span', 'cat', D.category[k[1]] || k[1]));
    hd.appendChild(el('code', 'rule', k[0]));
    if (k[5]) hd.appendChild(el('span', 'badge fx' + (k[5] === 'unsafe' ? ' unsafe' : ''), D.fix[k[5]]));
    box.appendChild(hd);
    box.appendChild(el('p', 'msg', k[3]));
    var dl = el('dl');
    function row(label, value, cls) {
      dl.appendChild(el('dt', '', label));
      var dd = el('dd');
      if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
      if (cls) dd.className = cls;
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
  function spanLine(m) {
    var p = m.closest('p');
    if (!p) return '';
    // the paragraph's first line plus the newlines before the mark inside it
    var r = document.createRange();
    r.setStart(p, 0);
    r.setEndBefore(m);
    return String(+p.dataset.l + (r.toString().match(/\n/g) || []).length);
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
      if (q && list.indexOf(q) < 0 && !p.classList.contains('off')) list.push(q);
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
    m.setAttribute('aria-describedby', 'note');
    m.setAttribute('aria-expanded', 'true');
  }
  function close(refocus) {
    if (!current) { note.hidden = true; return; }
    var m = current;
    parts(m).forEach(function (p) { p.classList.remove('cur'); });
    m.removeAttribute('aria-describedby');
    m.setAttribute('aria-expanded', 'false');
    note.hidden = true;
    current = null;
    pinned = false;
    if (refocus) m.focus({preventScroll: true});
  }
  function markAt(e) {
    var m = e.target.closest ? e.target.closest('mark') : null;
    return m && !m.classList.contains('off') ? m : null;
  }

  document.addEventListener('click', function (e) {
    var m = markAt(e);
    if (m) { open(m, true); return; }
    if (pinned && !note.contains(e.target)) close(false);
  });
  document.addEventListener('mouseover', function (e) {
    var m = markAt(e);
    if (m && !pinned) open(m, false);
  });
  document.addEventListener('mouseout', function (e) {
    if (pinned || !current) return;
    var to = e.relatedTarget;
    if (to && (note.contains(to) || (to.closest && to.closest('mark')))) return;
    close(false);
  });
  note.addEventListener('mouseleave', function (e) {
    if (!pinned && !(e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest('mark'))) close(false);
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key === 'Escape' && current) { e.preventDefault(); close(true); return; }
    if ((e.key === 'Enter' || e.key === ' ') && t.tagName === 'MARK') {
      e.preventDefault();
      if (current === t && pinned) close(true); else open(t, true);
    }
  });
  document.addEventListener('focusin', function (e) {
    var t = e.target;
    if (t.tagName === 'MARK' && !t.hasAttribute('aria-label')) {
      var k = K[kindOf(t)];
      t.setAttribute('aria-label', (D.level[k[2]] || k[2]) + ' ' + (D.category[k[1]] || k[1]) + '：“' +
        visibleText(spanText(t)) + '” ' + k[3]);
      t.setAttribute('aria-haspopup', 'dialog');
    }
    if (current && pinned && t !== current && !note.contains(t)) close(false);
  });
  window.addEventListener('resize', function () { if (current) place(current); });

  // ---- side lists: built when a file's section comes near the screen ----------------------------
  function buildList(section) {
    var ol = section.querySelector('.list ol');
    if (!ol || ol.dataset.built) return;
    ol.dataset.built = '1';
    var frag = document.createDocumentFragment();
    section.querySelectorAll('.doc mark[id]').forEach(function (m) {
      var k = kindOf(m);
      var li = el('li');
      li.dataset.k = k;
      li.hidden = !shownKinds[k];
      var b = el('button');
      b.type = 'button';
      b.dataset.m = m.id;
      b.style.setProperty('--c', getComputedStyle(m).getPropertyValue('--c'));
      b.appendChild(el('span', 'ln', spanLine(m)));
      b.appendChild(el('span', 'lv lv-' + K[k][2], D.level[K[k][2]]));
      b.appendChild(document.createTextNode(' '));
      var t = visibleText(spanText(m));
      b.appendChild(el('span', 't', t.length > 14 ? t.slice(0, 14) + '…' : t));
      if (K[k][4].length) b.appendChild(document.createTextNode(' → ' + visibleText(K[k][4][0])));
      if (K[k][5]) {
        b.appendChild(document.createTextNode(' '));
        b.appendChild(el('span', 'badge fx' + (K[k][5] === 'unsafe' ? ' unsafe' : ''), L.fixable));
      }
      b.appendChild(el('span', 'm', (D.category[K[k][1]] || K[k][1]) + ' · ' + K[k][3]));
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
    m.scrollIntoView({block: 'center'});
    m.focus({preventScroll: true});
    open(m, true);
    e.stopPropagation();
  }, true);
  var sections = document.querySelectorAll('details.file');
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { if (en.isIntersecting) { buildList(en.target); io.unobserve(en.target); } });
    }, {rootMargin: '200px'});
    sections.forEach(function (s) { if (s.querySelector('.list')) io.observe(s); });
  } else {
    sections.forEach(buildList);
  }
  // the file index opens a collapsed section it jumps to
  document.querySelectorAll('.toc a').forEach(function (a) {
    a.addEventListener('click', function () {
      var s = document.getElementById('f' + a.dataset.f);
      if (s) s.open = true;
    });
  });

  // ---- filters ---------------------------------------------------------------------------------
  var form = document.querySelector('.filters');
  function checked(name) {
    var out = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  function applyFilters() {
    var lv = checked('level'), cat = checked('category');
    var fixOnly = form.querySelector('input[name="fixable"]').checked;
    shownKinds = K.map(function (k) { return lv[k[2]] !== false && cat[k[1]] !== false && (!fixOnly || !!k[5]); });
    var n = 0;
    if (current) close(false);
    document.querySelectorAll('.doc mark').forEach(function (m) {
      var on = shownKinds[kindOf(m)];
      m.classList.toggle('off', !on);
      if (m.id) { m.tabIndex = on ? 0 : -1; if (on) n++; }
    });
    document.getElementById('shown').textContent = String(n);
    document.querySelectorAll('.list li').forEach(function (li) { li.hidden = !shownKinds[+li.dataset.k]; });
  }
  if (form) form.addEventListener('change', applyFilters);
})();
