// Province → city → district pickers: fills the next list from /api/v1/regions when a choice changes.
// Without JavaScript the form still works: submitting it re-renders the page with the next list filled.
(function () {
  function fill(select, regions, anyLabel) {
    select.innerHTML = '';
    var any = document.createElement('option');
    any.value = '';
    any.textContent = anyLabel;
    select.appendChild(any);
    regions.forEach(function (region) {
      var option = document.createElement('option');
      option.value = region.code;
      option.textContent = region.name;
      select.appendChild(option);
    });
  }
  function link(parent, child, grandchild) {
    if (!parent || !child) { return; }
    parent.addEventListener('change', function () {
      var anyLabel = child.options.length ? child.options[0].textContent : '';
      if (grandchild) { fill(grandchild, [], grandchild.options.length ? grandchild.options[0].textContent : ''); }
      if (!parent.value) { fill(child, [], anyLabel); return; }
      fetch('/api/v1/regions?parent=' + encodeURIComponent(parent.value), {headers: {'Accept': 'application/json'}})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (regions) { fill(child, regions, anyLabel); });
    });
  }
  var province = document.getElementById('province');
  var city = document.getElementById('city');
  var district = document.getElementById('district');
  link(province, city, district);
  link(city, district, null);
})();
