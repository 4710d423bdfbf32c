/* 兆佳巷区域党群服务中心: the one script of the site, loaded in <head> so
   that the large-text choice applies before the first paint.
   Every page works without it: it only adds the 大字 switch, the quick
   jump to a stop number, the large player controls, on a transcript with
   times the paragraph being spoken marked and tap-to-play, and keeps lists
   of activities current between builds.
   Written for old phone browsers (WeChat's included): no modules, no arrow
   functions, no fetch. */
(function () {
  'use strict';
  var root = document.documentElement;
  var BIG = 'site-big-text', RATE = 'site-rate';

  // localStorage throws in some private modes and embedded browsers.
  function load(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, v) { try { window.localStorage.setItem(key, v); } catch (e) { /* not remembered */ } }

  if (load(BIG) === '1') { root.className += ' big'; }
  root.className += ' js'; // photos further down wait for this script

  function $(sel, from) { return (from || document).querySelector(sel); }
  function all(sel, from) { return (from || document).querySelectorAll(sel); }

  function bigSwitch() {
    var b = $('[data-big-switch]');
    if (!b) { return; }
    function show() { b.setAttribute('aria-pressed', root.classList.contains('big') ? 'true' : 'false'); }
    b.hidden = false;
    show();
    b.addEventListener('click', function () {
      var on = !root.classList.contains('big');
      root.classList.toggle('big', on);
      save(BIG, on ? '1' : '0');
      show();
    });
  }

  // Digits typed with a Chinese keyboard may be full-width: ３ is 3.
  function stopNumber(s) {
    s = String(s || '').replace(/[\uff10-\uff19]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\s+/g, '');
    return /^[0-9]{1,3}$/.test(s) ? parseInt(s, 10) : NaN;
  }

  function stopForm() {
    var form = $('[data-stop-form]');
    if (!form) { return; }
    var input = form.elements[0], msg = $('.stop-msg', form);
    function link(n) { return $('a[data-stop="' + n + '"]'); }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var raw = input.value, n = stopNumber(raw), a = isNaN(n) ? null : link(n);
      if (a) { window.location.href = a.href; return; }
      msg.textContent = raw.replace(/\s/g, '') === '' ? '请先输入编号,例如 3。'
        : '没有编号为 ' + raw + ' 的录音。请核对墙上的编号,或在下面的列表里点选。';
      input.focus();
    });
    // Arriving with ?stop=3 (the form sent without this script, on a host
    // with no redirect rules): go on to the clip.
    var m = /[?&]stop=([^&]*)/.exec(window.location.search);
    if (m) {
      var a = link(stopNumber(decodeURIComponent(m[1].replace(/\+/g, ' '))));
      if (a) { window.location.replace(a.href); }
    }
  }

  function clock(s) {
    s = Math.max(0, Math.floor(s || 0));
    return Math.floor(s / 60) + ':' + (s % 60 < 10 ? '0' : '') + (s % 60);
  }

  function player() {
    var box = $('[data-player]'), audio = $('audio[data-audio]');
    if (!box || !audio || !audio.play) { return; }
    var play = $('[data-play]', box), label = $('[data-play-label]', box),
        elapsed = $('[data-elapsed]', box), fill = $('[data-fill]', box),
        msg = $('[data-msg]', box), rates = all('[data-rate]', box),
        total = parseFloat(box.getAttribute('data-duration')) || 0,
        pending = null, rate = 1;

    // Show the large controls, hide the browser's own.
    audio.removeAttribute('controls');
    box.hidden = false;
    var len = $('[data-length]');
    if (len) { len.hidden = true; }

    // Until the metadata is in (WeChat on iOS loads nothing before a tap),
    // the length printed by the build stands in for audio.duration and a
    // skip is kept in `pending` until the position can be set.
    function duration() { return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : total; }
    function position() { return pending !== null ? pending : audio.currentTime; }
    function draw() {
      var d = duration(), p = position();
      elapsed.textContent = clock(p);
      fill.style.width = (d > 0 ? Math.min(100, p / d * 100) : 0) + '%';
    }
    function playing(on) {
      box.className = box.className.replace(/\s*\bis-playing\b/g, '') + (on ? ' is-playing' : '');
      label.textContent = on ? '暂停' : '播放';
    }
    function say(text) { msg.textContent = text; }

    play.addEventListener('click', function () {
      if (!audio.paused && !audio.ended) { audio.pause(); return; }
      say('');
      if (audio.error) { audio.load(); }
      var p;
      try { p = audio.play(); } catch (e) { failed(e); return; }
      playing(true);
      if (p && typeof p.then === 'function') { p.then(null, failed); }
    });
    function failed(e) {
      playing(false);
      // A pause tapped while loading also rejects play(): that is no failure.
      if (e && e.name === 'AbortError') { return; }
      say('没有播放成功。请再点一次“播放”。');
    }

    function seek(to) {
      to = Math.max(0, Math.min(to, duration()));
      if (audio.readyState >= 1) {
        pending = null;
        audio.currentTime = to;
      } else {
        pending = to;
      }
      draw();
    }
    var skips = all('[data-skip]', box);
    for (var i = 0; i < skips.length; i++) {
      skips[i].addEventListener('click', function () {
        seek(position() + parseFloat(this.getAttribute('data-skip')));
      });
    }

    function setRate(r) {
      rate = r;
      audio.defaultPlaybackRate = r;
      audio.playbackRate = r;
      for (var j = 0; j < rates.length; j++) {
        rates[j].setAttribute('aria-pressed', parseFloat(rates[j].getAttribute('data-rate')) === r ? 'true' : 'false');
      }
    }
    for (var k = 0; k < rates.length; k++) {
      rates[k].addEventListener('click', function () {
        var r = parseFloat(this.getAttribute('data-rate'));
        setRate(r);
        save(RATE, String(r));
      });
    }
    var saved = parseFloat(load(RATE));
    if (saved >= 0.5 && saved <= 2) { setRate(saved); }

    audio.addEventListener('loadedmetadata', function () {
      if (pending !== null) {
        var to = pending;
        pending = null;
        audio.currentTime = to;
      }
      draw();
    });
    // Some browsers reset the rate when playback starts.
    audio.addEventListener('play', function () {
      playing(true);
      if (audio.playbackRate !== rate) { audio.playbackRate = rate; }
    });
    audio.addEventListener('playing', function () { say(''); });
    audio.addEventListener('waiting', function () { say('正在加载…'); });
    audio.addEventListener('pause', function () { playing(false); });
    audio.addEventListener('ended', function () {
      playing(false);
      say('播放完了。' + ($('a[rel="next"]') ? '可以点下面的“下一个”。' : ''));
    });
    audio.addEventListener('error', function () {
      playing(false);
      say('录音没有加载成功。请检查网络,再点“播放”。');
    });
    audio.addEventListener('timeupdate', function () {
      draw();
      if (!audio.paused) { mark(); }
    });
    audio.addEventListener('durationchange', draw);
    draw();

    // A transcript whose paragraphs carry their start time (data-start):
    // the one being spoken is marked, and a tap on one plays from there.
    var paras = all('.transcript p[data-start]'), cur = null;
    function mark() {
      var on = null, t = position() + 0.05;
      for (var n = 0; n < paras.length; n++) {
        if (parseFloat(paras[n].getAttribute('data-start')) <= t) { on = paras[n]; }
      }
      if (on === cur) { return; }
      if (cur) { cur.classList.remove('is-current'); cur.removeAttribute('aria-current'); }
      if (on) { on.classList.add('is-current'); on.setAttribute('aria-current', 'true'); }
      cur = on;
    }
    function jump(e) {
      if (e.type === 'keydown' && e.key !== 'Enter') { return; }
      seek(parseFloat(this.getAttribute('data-start')));
      mark();
      if (audio.paused) { play.click(); }
    }
    for (var q = 0; q < paras.length; q++) {
      paras[q].tabIndex = 0;
      paras[q].addEventListener('click', jump);
      paras[q].addEventListener('keydown', jump);
    }
  }

  // Activities: the build listed what had not ended then. Hide what has
  // ended since (data-end), say 今天/明天 by this phone's clock (data-day
  // is the start of that day), and hide days and lists left empty.
  function events() {
    var now = new Date().getTime(), DAY = 864e5, i, j, el;
    var ends = all('[data-end]');
    for (i = 0; i < ends.length; i++) {
      if (Date.parse(ends[i].getAttribute('data-end')) <= now) { ends[i].hidden = true; }
    }
    var days = all('[data-day]');
    for (i = 0; i < days.length; i++) {
      el = days[i];
      var ago = now - Date.parse(el.getAttribute('data-day')), date = el.getAttribute('data-date');
      el.textContent = ago >= 0 && ago < DAY ? '今天 · ' + date : ago < 0 && ago >= -DAY ? '明天 · ' + date : date;
    }
    function empty(box) {
      var items = all('[data-end]', box);
      for (j = 0; j < items.length; j++) { if (!items[j].hidden) { return false; } }
      return items.length > 0;
    }
    var groups = all('[data-day-group]');
    for (i = 0; i < groups.length; i++) { if (empty(groups[i])) { groups[i].hidden = true; } }
    var lists = all('[data-events]');
    for (i = 0; i < lists.length; i++) {
      var none = lists[i].querySelector('[data-events-none]') || lists[i].nextElementSibling;
      if (empty(lists[i]) && none && none.hasAttribute('data-events-none')) { none.hidden = false; }
    }
  }

  // Photos further down a page: their addresses wait in data-src and
  // data-srcset until the photo is about to come on screen (build/photo,
  // WriteHTML), so a phone on mobile data fetches only what is read.
  function later() {
    var imgs = all('img[data-src]'), i;
    function show(img) {
      var set = img.getAttribute('data-srcset');
      if (set) { img.srcset = set; img.removeAttribute('data-srcset'); }
      img.src = img.getAttribute('data-src');
      img.removeAttribute('data-src');
    }
    if (!imgs.length) { return; }
    if (!('IntersectionObserver' in window)) {
      for (i = 0; i < imgs.length; i++) { show(imgs[i]); }
      return;
    }
    var near = new IntersectionObserver(function (seen) {
      for (var j = 0; j < seen.length; j++) {
        if (seen[j].isIntersecting) { near.unobserve(seen[j].target); show(seen[j].target); }
      }
    }, { rootMargin: '0px 0px 100px 0px' });
    for (i = 0; i < imgs.length; i++) { near.observe(imgs[i]); }
  }

  function start() {
    bigSwitch();
    stopForm();
    player();
    events();
    later();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
