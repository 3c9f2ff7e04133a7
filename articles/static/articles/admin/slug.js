// Vietnamese-correct slugs while typing (the server applies the same rule,
// articles/content/text.py slugify_vi). Django's own URLify drops "đ" and every
// accented letter ("Thử nghiệm" → "th-nghim"); prepopulate.js calls the
// global URLify on each keystroke, so replacing it here is enough.
(function () {
  "use strict";
  window.URLify = function (text, maxLength) {
    var slug = String(text)
      .replace(/[đĐ]/g, "d")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (maxLength && slug.length > maxLength) {
      var cut = slug.slice(0, maxLength);
      slug = cut.replace(/-[^-]*$/, "") || cut;
    }
    return slug;
  };
})();
