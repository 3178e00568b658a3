// Material's scripts that run right after the page content, which the theme writes inline
// (overrides/partials/javascripts/content.html loads this file instead: the site's
// Content-Security-Policy allows no inline script).
(function () {
  // With the content.tabs.link feature: reopen the content tabs the visitor chose last time.
  var tabs = document.currentScript.hasAttribute("data-md-tabs-link") ? __md_get("__tabs") : null;
  if (Array.isArray(tabs)) {
    for (var set of document.querySelectorAll(".tabbed-set")) {
      var labels = set.querySelector(".tabbed-labels");
      search: for (var tab of tabs)
        for (var label of labels.getElementsByTagName("label"))
          if (label.innerText.trim() === tab) {
            document.getElementById(label.htmlFor).checked = true;
            break search;
          }
    }
  }
  // The drawer and the search start closed. Firefox brings a checkbox back as it was on the last
  // visit; Material stops that with autocomplete="off", which HTML allows on no checkbox, so
  // overrides/base.html leaves it out and the two toggles are unchecked here, before the theme's
  // bundle reads them.
  for (var id of ["__drawer", "__search"]) document.getElementById(id).checked = false;
  // A link to a content tab (#__tabbed_…) opens that tab.
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
