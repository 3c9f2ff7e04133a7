/* CKEditor's own Vietnamese (lang/vi.js) leaves a few words in English: the heading names of the
 * "Định dạng" list and some of the link dialog's labels. Loaded as the editor's customConfig
 * (settings.CKEDITOR_CONFIGS); each editor gets these before it first opens a list or a dialog. */
CKEDITOR.on("instanceReady", function (event) {
  var lang = event.editor.lang;
  if (lang.format) {
    lang.format.tag_address = "Địa chỉ";
    for (var level = 1; level <= 6; level++) {
      lang.format["tag_h" + level] = "Tiêu đề " + level;
    }
  }
  if (lang.link) {
    lang.link.displayText = "Chữ hiển thị";
    lang.link.download = "Tải xuống khi bấm";
    lang.link.noTel = "Hãy nhập số điện thoại";
    lang.link.phoneNumber = "Số điện thoại";
    lang.link.toPhone = "Điện thoại";
    lang.link.toUrl = "Địa chỉ web";
    lang.link.anchor.errorWhitespace = "Tên neo không được có dấu cách";
  }
  if (lang.toolbar) {
    lang.toolbar.toolbarGroups.clipboard = "Bộ nhớ tạm/Hoàn tác";
  }
});
