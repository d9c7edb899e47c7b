// "Add a row": a copy of the table's empty row, numbered after the others.
document.querySelectorAll("[data-add-row]").forEach(function (button) {
  button.addEventListener("click", function () {
    var prefix = button.dataset.addRow;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var count = parseInt(total.value, 10);
    if (max && count >= parseInt(max.value, 10)) { return; }
    var html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, String(count));
    document.getElementById(prefix + "-rows").insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
  });
});
