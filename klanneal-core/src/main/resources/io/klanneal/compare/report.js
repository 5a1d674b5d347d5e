// The report's interactive charts (uPlot, inlined above) and its sortable summary, drawn from the
// runs' numbers embedded as JSON in #report-data. Nothing is fetched.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
    '#7f7f7f', '#bcbd22', '#17becf'];
  var charts = {};
  window.klannealCharts = charts;

  // Integers as integers (active units of one seed), other numbers to 5 significant digits.
  function format(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '-';
    return Number.isInteger(v) ? String(v) : Number(v.toPrecision(5)).toString();
  }

  // One colour per schedule (group); its seeds share it, the first solid, the others dashed. With
  // several seeds a group also gets its mean, bold, over a band of one standard deviation.
  var groups = [];
  data.runs.forEach(function (run) { if (groups.indexOf(run.group) < 0) groups.push(run.group); });
  var seeded = groups.filter(function (g) {
    return data.runs.filter(function (r) { return r.group === g; }).length > 1;
  });
  function color(group, alpha) {
    var hex = colors[groups.indexOf(group) % colors.length];
    if (alpha === undefined) return hex;
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }
  function meanSd(values) {
    var present = values.filter(function (v) { return v !== null && v !== undefined && !Number.isNaN(v); });
    if (present.length < 2) return null;
    var mean = present.reduce(function (a, b) { return a + b; }, 0) / present.length;
    var squares = present.reduce(function (a, b) { return a + (b - mean) * (b - mean); }, 0);
    return [mean, Math.sqrt(squares / (present.length - 1))];
  }
  // The series (after x) and their data: every run, then per seeded group its mean, mean + sd and
  // mean - sd (the last two only bound the band and stay out of the legend).
  function layout(xs, ys) {
    var series = [], columns = [], bands = [], hidden = [];
    data.runs.forEach(function (run, i) {
      var first = data.runs.findIndex(function (r) { return r.group === run.group; }) === i;
      series.push({label: run.label, stroke: color(run.group, seeded.length ? 0.55 : undefined),
        width: seeded.length ? 1 : 1.5, dash: first ? undefined : [5, 3], spanGaps: true,
        points: {show: xs.length < 60}, value: function (u, v) { return format(v); }});
      columns.push(ys[i]);
    });
    seeded.forEach(function (g) {
      var members = [];
      data.runs.forEach(function (r, i) { if (r.group === g) members.push(ys[i]); });
      var stats = xs.map(function (x, j) { return meanSd(members.map(function (m) { return m[j]; })); });
      var mean = stats.map(function (s) { return s ? s[0] : null; });
      var sds = stats.map(function (s) { return s ? s[1] : null; });
      series.push({label: g + ' mean \u00b1 sd', stroke: color(g), width: 2.5, spanGaps: true,
        points: {show: false}, value: function (u, v, si, j) {
          return v === null || j === null ? '-' : format(v) + ' \u00b1 ' + format(u.data[si + 1][j] - v);
        }});
      columns.push(mean);
      var mean_ = series.length;
      [1, -1].forEach(function (sign) {
        series.push({label: g + (sign > 0 ? ' + sd' : ' - sd'), stroke: 'transparent', width: 0,
          spanGaps: true, points: {show: false}});
        columns.push(mean.map(function (m, j) { return m === null ? null : m + sign * sds[j]; }));
        hidden.push(series.length);
      });
      bands.push({series: [mean_ + 1, mean_ + 2], fill: color(g, 0.15)});
    });
    return {series: series, columns: columns, bands: bands, hidden: hidden};
  }

  function chart(container, id, title, xLabel, yLabel, xs, ys) {
    var div = document.createElement('div');
    div.className = 'chart';
    div.id = 'chart-' + id;
    container.appendChild(div);
    var parts = layout(xs, ys);
    var width = Math.max(320, Math.min(580, container.clientWidth - 10));
    var u = new uPlot({
      title: title, width: width, height: 280,
      scales: {x: {time: false}},
      cursor: {sync: {key: xLabel}},
      bands: parts.bands,
      axes: [{label: xLabel, font: '12px system-ui', labelFont: '12px system-ui',
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]},
        {label: yLabel, size: 64, font: '12px system-ui', labelFont: '12px system-ui'}],
      series: [{label: xLabel, value: function (u, v) { return format(v); }}].concat(parts.series)
    }, [xs].concat(parts.columns), div);
    var rows = u.root.querySelectorAll('.u-legend .u-series');
    parts.hidden.forEach(function (s) { rows[s].style.display = 'none'; });
    charts[id] = u;
  }

  // New numbers for a chart's runs (the smoothing changed): means and bands follow.
  function redraw(id, xs, ys) {
    charts[id].setData([xs].concat(layout(xs, ys).columns));
  }

  // Held-out numbers per epoch: x is every epoch any run reached.
  var epochCharts = document.getElementById('epoch-charts');
  var lastEpoch = Math.max.apply(null, [0].concat(data.runs.map(function (r) { return r.epochs.length; })));
  var epochs = [];
  for (var e = 1; e <= lastEpoch; e++) epochs.push(e);
  data.epochCharts.forEach(function (c) {
    chart(epochCharts, c.metric, c.title, 'epoch', c.label, epochs, data.runs.map(function (r) {
      return epochs.map(function (x, i) { return i < r.epochs.length ? r.epochs[i][c.metric] : null; });
    }));
  });

  // Per optimizer step, each point the mean of data.stepBucket steps; smoothed like TensorBoard's
  // scalars (an exponential moving average, corrected for its start), beta never.
  var stepCharts = document.getElementById('step-charts');
  var slider = document.getElementById('smoothing');
  function smooth(values, weight) {
    var out = [], last = 0, n = 0;
    values.forEach(function (v) {
      if (v === null) { out.push(null); return; }
      last = last * weight + (1 - weight) * v;
      n++;
      out.push(weight === 0 ? v : last / (1 - Math.pow(weight, n)));
    });
    return out;
  }
  function stepSeries(c, weight) {
    return data.runs.map(function (r) {
      var values = data.steps.map(function (s, i) {
        var v = r.steps[c.column];
        return v && i < v.length ? v[i] : null;
      });
      return c.smooth ? smooth(values, weight) : values;
    });
  }
  data.stepCharts.forEach(function (c) {
    chart(stepCharts, 'step-' + c.column, c.title, 'step', c.label, data.steps, stepSeries(c, Number(slider.value)));
  });
  slider.addEventListener('input', function () {
    document.getElementById('smoothing-value').textContent = slider.value;
    data.stepCharts.forEach(function (c) {
      if (c.smooth) redraw('step-' + c.column, data.steps, stepSeries(c, Number(slider.value)));
    });
  });

  // A sweep (runs that differ in more than schedule and seed): the chosen outcome of every run
  // against each varied option, one dot per run in its schedule's colour; hover a dot for its run.
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(parent, name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }
  function ticks(min, max) {
    if (min === max) return [min];
    var step = Math.pow(10, Math.floor(Math.log10((max - min) / 4)));
    [1, 2, 5, 10].some(function (f) { if ((max - min) / (step * f) <= 5) { step *= f; return true; } return false; });
    var out = [];
    for (var t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
    return out;
  }
  function dotPlot(container, option, outcome) {
    var runs = data.sweep.runs.filter(function (r) {
      var v = r.chosen[outcome.metric];
      return v !== null && v !== undefined;
    });
    var values = runs.map(function (r) { return r.options[option]; });
    var numeric = values.every(function (v) { return typeof v === 'number'; });
    var categories = [];
    values.forEach(function (v) { var k = JSON.stringify(v); if (categories.indexOf(k) < 0) categories.push(k); });
    if (numeric) categories.sort(function (a, b) { return Number(a) - Number(b); });
    var W = 380, H = 260, left = 64, right = 16, top = 28, bottom = 48;
    var ys = runs.map(function (r) { return r.chosen[outcome.metric]; });
    var yMin = Math.min.apply(null, ys), yMax = Math.max.apply(null, ys);
    var pad = yMax > yMin ? (yMax - yMin) * 0.1 : Math.max(Math.abs(yMax) * 0.05, 0.5);
    yMin -= pad; yMax += pad;
    function y(v) { return top + (yMax - v) / (yMax - yMin) * (H - top - bottom); }
    // Categories (and the distinct values of a numeric option, in order) evenly spaced.
    function x(v) {
      var i = categories.indexOf(JSON.stringify(v));
      return left + (i + 0.5) / categories.length * (W - left - right);
    }
    var figure = document.createElement('figure');
    figure.className = 'sweep-plot';
    figure.dataset.option = option;
    container.appendChild(figure);
    var plot = svg(figure, 'svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'font-size': 12,
      'font-family': 'system-ui, sans-serif'});
    svg(plot, 'text', {x: W / 2, y: 16, 'text-anchor': 'middle', 'font-weight': 'bold', 'font-size': 13},
      outcome.label + ' against ' + option);
    svg(plot, 'rect', {x: left, y: top, width: W - left - right, height: H - top - bottom, fill: 'none', stroke: '#ccc'});
    ticks(yMin, yMax).forEach(function (t) {
      svg(plot, 'line', {x1: left, x2: W - right, y1: y(t), y2: y(t), stroke: '#eee'});
      svg(plot, 'text', {x: left - 6, y: y(t) + 4, 'text-anchor': 'end'}, format(t));
    });
    categories.forEach(function (k) {
      var label = JSON.parse(k);
      label = typeof label === 'string' ? label.split(':')[0] + (label.indexOf(':') >= 0 ? ':…' : '') : format(label);
      svg(plot, 'text', {x: x(JSON.parse(k)), y: H - bottom + 16, 'text-anchor': 'middle'}, label);
    });
    svg(plot, 'text', {x: left + (W - left - right) / 2, y: H - 8, 'text-anchor': 'middle'}, option);
    runs.forEach(function (r, i) {
      // Seeds of one setting side by side, not on top of each other.
      var same = runs.filter(function (o, j) { return j < i && JSON.stringify(o.options[option]) === JSON.stringify(r.options[option]); }).length;
      var dot = svg(plot, 'circle', {cx: x(r.options[option]) + (same % 5 - 2) * 5, cy: y(r.chosen[outcome.metric]), r: 5,
        fill: color(r.group, 0.8), stroke: color(r.group), 'data-run': r.label, 'data-value': r.chosen[outcome.metric]});
      svg(dot, 'title', {}, r.label + ': ' + option + ' = ' + JSON.stringify(r.options[option]) + ', '
        + outcome.label + ' = ' + format(r.chosen[outcome.metric]));
    });
  }
  if (data.sweep) {
    var sweep = document.getElementById('sweep');
    var heading = document.createElement('h3');
    heading.textContent = 'Outcome against each varied option';
    sweep.appendChild(heading);
    var intro = document.createElement('p');
    var select = document.createElement('select');
    select.id = 'sweep-outcome';
    data.sweep.outcomes.forEach(function (o, i) {
      var option = document.createElement('option');
      option.value = i;
      option.textContent = o.label;
      select.appendChild(option);
    });
    var elbo = data.sweep.outcomes.findIndex(function (o) { return o.metric === 'validation_elbo'; });
    select.value = String(Math.max(0, elbo));
    intro.append('Held-out ', select, ' of every run at its chosen epoch (as in the table), against each option the runs vary; hover a dot for its run.');
    sweep.appendChild(intro);
    var plots = document.createElement('div');
    plots.className = 'charts';
    sweep.appendChild(plots);
    var drawSweep = function () {
      plots.textContent = '';
      data.sweep.options.forEach(function (option) { dotPlot(plots, option, data.sweep.outcomes[Number(select.value)]); });
    };
    select.addEventListener('change', drawSweep);
    drawSweep();
  }

  // The summary sorts by any column: click its heading (again to reverse).
  var table = document.getElementById('summary');
  table.querySelectorAll('thead th').forEach(function (th, column) {
    th.style.cursor = 'pointer';
    th.title = 'sort by this column';
    th.addEventListener('click', function () {
      var ascending = th.dataset.sorted !== 'asc';
      table.querySelectorAll('thead th').forEach(function (other) { delete other.dataset.sorted; });
      th.dataset.sorted = ascending ? 'asc' : 'desc';
      var body = table.tBodies[0];
      var rows = Array.from(body.rows);
      function key(row) {
        var text = row.cells[column].textContent.trim();
        var number = parseFloat(text);
        return Number.isNaN(number) ? text : number;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
