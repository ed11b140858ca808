// Running totals of a score sheet: by group, bonus and penalty up to the table's caps, and the
// total, recomputed as points are typed (the server computes the same on save).
(function () {
  "use strict";
  const totals = document.getElementById("sheet-totals");
  if (!totals) return;
  const format = new Intl.NumberFormat(document.documentElement.lang || "vi", {
    maximumFractionDigits: 2,
  });
  const number = (text) => {
    const value = parseFloat(String(text).trim().replace(",", "."));
    return Number.isFinite(value) ? value : null;
  };
  const bonusCap = number(totals.dataset.bonusCap) ?? Infinity;
  const penaltyCap = number(totals.dataset.penaltyCap) ?? Infinity;
  // A cross-check leaves a line's own score standing where no other figure is typed.
  const checking = totals.dataset.checking === "1";

  function recompute() {
    const groups = new Map();
    let bonus = 0;
    let penalty = 0;
    document.querySelectorAll("tr.score-line").forEach((row) => {
      const input = row.querySelector("input[name^='points_']");
      const typed = input ? number(input.value) : null;
      const points = typed ?? (checking ? number(row.dataset.self) ?? 0 : 0);
      if (row.dataset.kind === "bonus") bonus += points;
      else if (row.dataset.kind === "penalty") penalty += points;
      else groups.set(row.dataset.group, (groups.get(row.dataset.group) || 0) + points);
    });
    bonus = Math.min(bonus, bonusCap);
    penalty = Math.min(penalty, penaltyCap);
    let all = bonus - penalty;
    totals.querySelectorAll("[data-total-group]").forEach((cell) => {
      const value = groups.get(cell.dataset.totalGroup) || 0;
      all += value;
      cell.textContent = format.format(value);
    });
    totals.querySelector("[data-total-bonus]").textContent = format.format(bonus);
    totals.querySelector("[data-total-penalty]").textContent = format.format(penalty);
    totals.querySelector("[data-total-all]").textContent = format.format(all);
  }

  document.getElementById("sheet-form").addEventListener("input", recompute);
  recompute();
})();
