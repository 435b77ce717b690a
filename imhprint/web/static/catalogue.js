// The catalogue's search box and filters. Without JavaScript every leaflet and poster is
// listed and the filter form stays hidden; with it, the form shows and narrows the list.
// Plain JavaScript, no libraries, nothing fetched: it works from a USB stick.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("catalogue");
  if (!form || !list) { return; }
  var entries = Array.prototype.slice.call(list.querySelectorAll(".entry"));
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var facets = ["kind", "language", "format", "edition"];

  function chosen(name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    var values = [];
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) { values.push(boxes[i].value); }
    }
    return boxes.length ? values : null;  // null: no such filter on this page
  }

  function matches(entry, name, values) {
    if (values === null) { return true; }
    var own = (entry.getAttribute("data-" + name) || "").split(" ");
    return own.some(function (value) { return values.indexOf(value) !== -1; });
  }

  function update() {
    var words = search.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var selected = {};
    facets.forEach(function (name) { selected[name] = chosen(name); });
    var shown = 0;
    entries.forEach(function (entry) {
      var text = entry.textContent.toLocaleLowerCase();
      var visible = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
        facets.every(function (name) { return matches(entry, name, selected[name]); });
      entry.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = shown === 1 ? "1 leaflet or poster shown" :
      shown + " leaflets and posters shown";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.hidden = false;
  update();
})();
