/* devzone dashboards: draw the ECharts charts from the JSON the page embeds
   (no inline script, so a strict Content-Security-Policy holds), with a
   table toggle and a PNG download for each. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var unit = data.unit;
  var charts = {};
  var axisUnit = { type: "value", name: unit, nameTextStyle: { align: "right" } };
  var grid = { left: 56, right: 16, top: 40, bottom: 40, containLabel: true };

  var options = {
    investment: {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: grid,
      xAxis: { type: "category", data: data.monthLabels },
      yAxis: axisUnit,
      series: [
        { name: data.investment.actualName, type: "line", data: data.investment.actual, smooth: true },
        { name: data.investment.planName, type: "line", data: data.investment.plan, lineStyle: { type: "dashed" } }
      ]
    },
    funds: {
      tooltip: { trigger: "axis" },
      grid: grid,
      xAxis: { type: "category", data: data.monthLabels },
      yAxis: axisUnit,
      series: [{ name: data.funds.name, type: "bar", data: data.funds.values }]
    },
    industries: {
      tooltip: { trigger: "item", formatter: "{b}: {c} " + unit + " ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "70%"], data: data.industries.items }]
    },
    funnel: {
      tooltip: { trigger: "item", formatter: "{b}: {c} " + data.funnel.unit },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "20%", gap: 2,
        label: { position: "inside", formatter: "{b} {c}", color: "#fff" }, data: data.funnel.items }]
    },
    gaps: {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: "value", name: unit },
      yAxis: { type: "category", inverse: true, data: data.gaps.names, axisLabel: { width: 120, overflow: "truncate" } },
      series: [
        { name: data.gaps.plannedName, type: "bar", data: data.gaps.planned },
        { name: data.gaps.completedName, type: "bar", data: data.gaps.completed }
      ]
    }
  };

  document.querySelectorAll(".chart").forEach(function (element) {
    var key = element.dataset.chart;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(options[key]);
    charts[key] = chart;
  });

  document.querySelectorAll(".chart-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.chart;
      var showTable = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", showTable ? "true" : "false");
      button.classList.toggle("active", showTable);
      document.getElementById("chart-" + key).classList.toggle("d-none", showTable);
      document.getElementById("table-" + key).classList.toggle("d-none", !showTable);
      if (!showTable) { charts[key].resize(); }
    });
  });

  document.querySelectorAll(".chart-png").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.chart;
      var link = document.createElement("a");
      link.href = charts[key].getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      link.download = key + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });

  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (key) { charts[key].resize(); });
  });
})();
