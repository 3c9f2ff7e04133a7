"""Demo stories of a provincial paper, written for this project (not copied from any site).

Each story is a dict:

- ``section``: section slug; ``headline``, ``lead`` (plain text), ``paragraphs``
  (plain text, one ``<p>`` each); optional ``kicker``, ``credit_line``, ``tags``.
- ``bylines``: ``(author name, role)`` pairs; the role is one of
  ``Byline.Role``'s values ("Bài", "Ảnh", "Bài và ảnh", "Video", "Đồ họa").
- ``state``: "published" (``hours_ago`` before the load), "scheduled"
  (``hours_ahead`` after the load), "review" or "draft"; or ``published_at``
  as ``(year, month, day, hour, minute)`` in Asia/Ho_Chi_Minh time.
- ``photo``: a cover photo ``{caption, credit, alt, colour}``; ``story_photos``:
  the photos of a photo story, in reading order.
- ``kind``: "standard" (default), "video" (with ``video_url``) or "photo_story".

The reference article (``reference_article.txt``) is read by
``articles.demo.reference``; ``REFERENCE`` below only adds what its page text
does not carry (tags, alt texts, photo colours) and ``VIDEO_STORY`` what its
teaser does not.
"""

# The reference article and the video story share this tag only between them, so the video story is
# among the reference page's related articles, as on the real page.
DEMO_TAG = "Đắk Lắk"

REFERENCE = {
    "section": "an-ninh-trat-tu",
    "byline_role": "Bài và ảnh",
    "photo_credit": "Hồng Chuyên",
    "tags": [DEMO_TAG, "Cải cách hành chính", "Công an tỉnh"],
    # Alt text and fill colour for each body photo, in the order of the captions.
    "photos": [
        {"alt": "Đại biểu ngồi dự hội nghị trong hội trường Công an tỉnh", "colour": (38, 70, 120)},
        {"alt": "Lãnh đạo Công an tỉnh trao giấy khen cho các cá nhân trên sân khấu", "colour": (150, 40, 40)},
    ],
}

VIDEO_STORY = {
    "section": "multimedia",
    "kind": "video",
    "video_url": "https://www.youtube.com/watch?v=kX7pQ2dLh4M",
    "published_at": (2021, 4, 18, 9, 30),  # before the reference article: its "Tin liên quan" came before it
    "tags": [DEMO_TAG, "Giỗ Tổ Hùng Vương"],
    "bylines": [("Quang Nhật", "Video")],
    "paragraphs": [
        "Lễ Giỗ Tổ Hùng Vương tại Đình Lạc Giao gồm lễ dâng hương, lễ rước và các hoạt động văn hóa, thể thao "
        "truyền thống, thu hút đông đảo người dân thành phố Buôn Ma Thuột tham dự.",
    ],
    "photo": {
        "caption": "Lễ dâng hương tưởng niệm các Vua Hùng tại Đình Lạc Giao.",
        "credit": "Quang Nhật",
        "alt": "Đoàn đại biểu dâng hương trước sân Đình Lạc Giao",
        "colour": (176, 118, 46),
    },
}

# The editors' choice for the homepage's lead story (a headline of STORIES).
HOMEPAGE_LEAD = "Đắk Lắk đẩy nhanh tiến độ giải ngân vốn đầu tư công những tháng cuối năm"

STORIES = [
    # --- Thời sự -----------------------------------------------------------
    {
        "section": "thoi-su",
        "headline": "Đắk Lắk đẩy nhanh tiến độ giải ngân vốn đầu tư công những tháng cuối năm",
        "lead": "UBND tỉnh yêu cầu các sở, ngành, địa phương tập trung tháo gỡ vướng mắc về mặt bằng, "
        "phấn đấu giải ngân trên 95% kế hoạch vốn đầu tư công được giao trong năm.",
        "paragraphs": [
            "Theo báo cáo của Sở Tài chính, đến hết tháng 10, toàn tỉnh đã giải ngân hơn 3.100 tỷ đồng, "
            "đạt gần 62% kế hoạch vốn được giao. Một số chủ đầu tư có tỷ lệ giải ngân thấp do vướng "
            "công tác bồi thường, giải phóng mặt bằng và giá vật liệu xây dựng tăng.",
            "Lãnh đạo UBND tỉnh đề nghị các chủ đầu tư lập kế hoạch giải ngân chi tiết theo từng tuần, "
            "gắn trách nhiệm người đứng đầu với kết quả giải ngân; kiên quyết điều chuyển vốn từ các dự án "
            "chậm tiến độ sang dự án có khả năng giải ngân tốt.",
        ],
        "tags": ["Đầu tư công"],
        "bylines": [("Minh Thông", "Bài")],
        "state": "published",
        "hours_ago": 3,
        "photo": {
            "caption": "Thi công tuyến đường vành đai phía Tây thành phố Buôn Ma Thuột.",
            "credit": "Minh Thông",
            "alt": "Máy móc thi công trải nhựa trên một tuyến đường mới",
            "colour": (90, 90, 96),
        },
    },
    {
        "section": "thoi-su",
        "headline": "Khởi công cao tốc Khánh Hòa – Buôn Ma Thuột đoạn qua địa bàn tỉnh",
        "lead": "Dự án có ý nghĩa đặc biệt quan trọng, kết nối Tây Nguyên với vùng duyên hải Nam Trung Bộ, "
        "mở ra không gian phát triển mới cho tỉnh.",
        "paragraphs": [
            "Đoạn tuyến qua địa bàn tỉnh dài hơn 48 km, đi qua các huyện Krông Pắc, Ea Kar, M’Đrắk và "
            "thành phố Buôn Ma Thuột. Các nhà thầu đã huy động máy móc, nhân lực thi công ngay sau lễ khởi công.",
            "Tỉnh cam kết bàn giao đủ mặt bằng sạch theo tiến độ, đồng thời bố trí các khu tái định cư "
            "bảo đảm người dân có chỗ ở mới bằng hoặc tốt hơn nơi ở cũ.",
        ],
        "tags": ["Giao thông"],
        "bylines": [("Hoàng Gia", "Bài"), ("Thanh Hồng", "Ảnh")],
        "state": "published",
        "hours_ago": 30,
    },
    {
        "section": "trong-tinh",
        "headline": "Buôn Ma Thuột ra mắt mô hình tổ dân phố văn minh, an toàn",
        "lead": "Mô hình được triển khai thí điểm tại 12 tổ dân phố của phường Tân Lợi và Thành Nhất.",
        "paragraphs": [
            "Các tổ dân phố tham gia mô hình cam kết giữ gìn vệ sinh môi trường, phòng chống tội phạm, "
            "tệ nạn xã hội và xây dựng nếp sống văn minh nơi công cộng.",
            "Sau một năm thí điểm, thành phố sẽ đánh giá, nhân rộng mô hình ra các phường, xã còn lại.",
        ],
        "tags": ["Buôn Ma Thuột"],
        "bylines": [("Kim Oanh", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 8,
    },
    {
        "section": "trong-tinh",
        "headline": "Hội nghị Ban Chấp hành Đảng bộ tỉnh bàn nhiệm vụ phát triển kinh tế – xã hội năm tới",
        "lead": "Hội nghị sẽ thảo luận, cho ý kiến vào các báo cáo kinh tế – xã hội, dự toán ngân sách "
        "và kế hoạch đầu tư công trung hạn của tỉnh.",
        "paragraphs": [
            "Theo chương trình, hội nghị diễn ra trong hai ngày tại Hội trường Tỉnh ủy.",
            "Báo Đắk Lắk sẽ cập nhật thông tin về hội nghị tới bạn đọc.",
        ],
        "tags": [],
        "bylines": [("Minh Thông", "Bài")],
        "state": "scheduled",
        "hours_ahead": 20,
    },
    {
        "section": "trong-nuoc",
        "headline": "Cả nước hoàn thành xóa nhà tạm, nhà dột nát trước thời hạn",
        "lead": "Hơn 300 nghìn căn nhà cho hộ nghèo, hộ cận nghèo và gia đình chính sách đã được xây mới, "
        "sửa chữa từ nguồn ngân sách và xã hội hóa.",
        "paragraphs": [
            "Chương trình được các địa phương triển khai với tinh thần “ai có gì giúp nấy”, huy động sức mạnh "
            "của cả hệ thống chính trị, doanh nghiệp và người dân.",
            "Tại Đắk Lắk, hàng nghìn căn nhà đã được bàn giao cho các hộ đồng bào dân tộc thiểu số "
            "ở vùng sâu, vùng xa.",
        ],
        "credit_line": "Theo TTXVN",
        "tags": ["An sinh xã hội"],
        "bylines": [("TTXVN", "Bài")],
        "state": "published",
        "hours_ago": 26,
    },
    # --- Chính trị ---------------------------------------------------------
    {
        "section": "chinh-tri",
        "headline": "Kỳ họp thứ 12 HĐND tỉnh thông qua 18 nghị quyết quan trọng",
        "lead": "Sau ba ngày làm việc khẩn trương, kỳ họp đã hoàn thành toàn bộ nội dung, chương trình đề ra.",
        "paragraphs": [
            "Các nghị quyết được thông qua tập trung vào phân bổ ngân sách, đầu tư công, chính sách hỗ trợ "
            "phát triển sản xuất nông nghiệp và chính sách đối với cán bộ cơ sở.",
            "Phát biểu bế mạc, Chủ tịch HĐND tỉnh đề nghị UBND tỉnh sớm ban hành kế hoạch triển khai để "
            "các nghị quyết đi vào cuộc sống.",
        ],
        "tags": ["HĐND tỉnh"],
        "bylines": [("Hoàng Gia", "Bài")],
        "state": "published",
        "hours_ago": 50,
        "photo": {
            "caption": "Các đại biểu biểu quyết thông qua nghị quyết tại kỳ họp.",
            "credit": "Hoàng Gia",
            "alt": "Đại biểu giơ thẻ biểu quyết trong hội trường",
            "colour": (160, 30, 45),
        },
    },
    {
        "section": "chinh-tri",
        "headline": "Đại biểu Quốc hội tiếp xúc cử tri huyện Lắk",
        "lead": "Cử tri kiến nghị quan tâm đầu tư hạ tầng giao thông nông thôn, thủy lợi và hỗ trợ "
        "tiêu thụ nông sản cho người dân.",
        "paragraphs": [
            "Tại buổi tiếp xúc, đoàn đại biểu đã thông tin tới cử tri về dự kiến nội dung, chương trình "
            "kỳ họp sắp tới của Quốc hội.",
            "Các kiến nghị thuộc thẩm quyền của địa phương đã được lãnh đạo huyện trả lời, giải thích "
            "ngay tại hội nghị.",
        ],
        "tags": [],
        "bylines": [("Thúy Hồng", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 74,
    },
    # --- Kinh tế -----------------------------------------------------------
    {
        "section": "kinh-te",
        "headline": "Xuất khẩu cà phê Đắk Lắk cán mốc 1 tỷ USD",
        "lead": "Giá cà phê tăng cao giúp kim ngạch xuất khẩu của tỉnh đạt mức kỷ lục, người trồng cà phê "
        "phấn khởi chăm sóc vườn cây.",
        "paragraphs": [
            "Theo Sở Công Thương, cà phê nhân tiếp tục là mặt hàng xuất khẩu chủ lực, chiếm hơn 80% "
            "tổng kim ngạch xuất khẩu của tỉnh, có mặt tại hơn 70 quốc gia và vùng lãnh thổ.",
            "Các doanh nghiệp khuyến cáo nông dân không chạy theo giá, tiếp tục đầu tư sản xuất bền vững, "
            "đáp ứng yêu cầu truy xuất nguồn gốc của thị trường châu Âu.",
        ],
        "tags": ["Cà phê"],
        "bylines": [("Ngọc Minh", "Bài")],
        "state": "published",
        "hours_ago": 5,
        "photo": {
            "caption": "Công nhân đóng bao cà phê nhân xuất khẩu tại một doanh nghiệp ở Buôn Ma Thuột.",
            "credit": "Ngọc Minh",
            "alt": "Công nhân xếp các bao cà phê trong nhà kho",
            "colour": (101, 67, 33),
        },
    },
    {
        "section": "kinh-te",
        "headline": "Doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ kết nối thị trường",
        "lead": "Chương trình kết nối năm nay có sự tham gia của hơn 40 doanh nghiệp, hợp tác xã trong và ngoài tỉnh.",
        "paragraphs": [
            "Nhiều sản phẩm OCOP của tỉnh như mật ong, bơ sấy, cà phê đặc sản đã tìm được đối tác phân phối "
            "tại các thành phố lớn.",
            "Sở Khoa học và Công nghệ cho biết sẽ tiếp tục hỗ trợ doanh nghiệp đăng ký sở hữu trí tuệ, "
            "xây dựng thương hiệu cho sản phẩm.",
        ],
        "tags": ["Khởi nghiệp", "OCOP"],
        "bylines": [("Phương Nga", "Bài")],
        "state": "published",
        "hours_ago": 98,
    },
    {
        "section": "kinh-te",
        "headline": "Thị trường vật liệu xây dựng cuối năm: giá thép giảm, cát khan hiếm",
        "lead": "Nhiều công trình dân dụng và dự án giao thông gặp khó vì nguồn cát xây dựng không đáp ứng đủ nhu cầu.",
        "paragraphs": [
            "Bài đang được phóng viên hoàn thiện số liệu từ Sở Xây dựng.",
        ],
        "tags": [],
        "bylines": [("Hữu Hùng", "Bài")],
        "state": "draft",
    },
    {
        "section": "nong-nghiep",
        "headline": "Sầu riêng Đắk Lắk vào vụ thu hoạch chính",
        "lead": "Năm nay, toàn tỉnh có hơn 20.000 ha sầu riêng đang cho thu hoạch, sản lượng ước đạt trên 300.000 tấn.",
        "paragraphs": [
            "Tại các huyện Krông Pắc, Cư M’gar, Ea Kar, thương lái đến tận vườn thu mua, giá sầu riêng "
            "ổn định ở mức cao.",
            "Ngành nông nghiệp khuyến cáo nhà vườn không thu hoạch trái non, tuân thủ quy trình sử dụng "
            "thuốc bảo vệ thực vật để giữ uy tín cho thương hiệu sầu riêng Đắk Lắk.",
        ],
        "tags": ["Sầu riêng"],
        "bylines": [("Hữu Hùng", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 12,
        "photo": {
            "caption": "Nông dân huyện Krông Pắc thu hoạch sầu riêng.",
            "credit": "Hữu Hùng",
            "alt": "Người nông dân cắt trái sầu riêng trên cây",
            "colour": (70, 120, 50),
        },
    },
    {
        "section": "nong-nghiep",
        "headline": "Chuyển đổi hơn 1.000 ha cà phê già cỗi sang trồng xen cây ăn quả",
        "lead": "Mô hình trồng xen giúp nông dân tăng thu nhập trên cùng diện tích, giảm rủi ro khi giá "
        "cà phê biến động.",
        "paragraphs": [
            "Các hộ tham gia được hỗ trợ giống, kỹ thuật và kết nối tiêu thụ sản phẩm.",
            "Trung tâm Khuyến nông tỉnh sẽ tổ chức các lớp tập huấn tái canh cà phê tại các huyện trong tháng tới.",
        ],
        "tags": ["Cà phê"],
        "bylines": [("Hữu Hùng", "Bài")],
        "state": "published",
        "hours_ago": 140,
    },
    # --- Xã hội ------------------------------------------------------------
    {
        "section": "xa-hoi",
        "headline": "Trao 200 suất quà cho hộ nghèo vùng đồng bào dân tộc thiểu số",
        "lead": "Mỗi suất quà gồm gạo, nhu yếu phẩm và tiền mặt, tổng trị giá hơn 200 triệu đồng.",
        "paragraphs": [
            "Chương trình do Ủy ban MTTQ Việt Nam tỉnh phối hợp với các nhà hảo tâm tổ chức tại xã Ea "
            "Sol, huyện Ea H’leo.",
            "Dịp này, đơn vị cũng trao 50 suất học bổng cho học sinh có hoàn cảnh khó khăn, vượt khó học tốt.",
        ],
        "tags": ["An sinh xã hội"],
        "bylines": [("Thanh Hồng", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 20,
    },
    {
        "section": "xa-hoi",
        "headline": "Ra quân Tháng hành động vì bình đẳng giới",
        "lead": "Các hoạt động truyền thông được tổ chức đồng loạt tại 15 huyện, thị xã, thành phố trong tỉnh.",
        "paragraphs": [
            "Năm nay, Tháng hành động tập trung vào phòng chống bạo lực trên cơ sở giới và hỗ trợ phụ nữ "
            "vùng đồng bào dân tộc thiểu số phát triển kinh tế.",
        ],
        "tags": [],
        "bylines": [("Thúy Hồng", "Bài")],
        "state": "published",
        "hours_ago": 160,
    },
    {
        "section": "xa-hoi",
        "headline": "Người cao tuổi ở buôn Ako Dhông học dùng điện thoại thông minh",
        "lead": "Lớp học miễn phí giúp các cụ biết gọi video cho con cháu, tra cứu thông tin và thanh "
        "toán không dùng tiền mặt.",
        "paragraphs": [
            "Lớp học do Đoàn Thanh niên phường Tân Lợi tổ chức vào tối thứ Bảy hằng tuần.",
        ],
        "tags": ["Chuyển đổi số"],
        "bylines": [("Kim Oanh", "Bài")],
        "state": "review",
    },
    {
        "section": "giao-duc",
        "headline": "Hơn 24.000 thí sinh Đắk Lắk bước vào kỳ thi tốt nghiệp THPT",
        "lead": "Toàn tỉnh bố trí 60 điểm thi, bảo đảm an toàn, nghiêm túc, đúng quy chế.",
        "paragraphs": [
            "Các điểm thi đã được kiểm tra kỹ lưỡng về cơ sở vật chất, phương án phòng cháy chữa cháy "
            "và cung cấp điện trong những ngày thi.",
            "Đoàn viên thanh niên tình nguyện có mặt tại các điểm thi để hỗ trợ thí sinh và phụ huynh.",
        ],
        "tags": ["Thi tốt nghiệp THPT"],
        "bylines": [("Phương Nga", "Bài"), ("Thanh Hồng", "Ảnh")],
        "state": "published",
        "hours_ago": 36,
    },
    {
        "section": "y-te",
        "headline": "Bệnh viện Đa khoa vùng Tây Nguyên thực hiện thành công ca ghép thận thứ 100",
        "lead": "Kỹ thuật ghép thận được thực hiện thường quy giúp người bệnh trong khu vực không phải ra Hà Nội "
        "hay TP Hồ Chí Minh điều trị.",
        "paragraphs": [
            "Sau ghép, các bệnh nhân đều hồi phục tốt, chức năng thận ghép ổn định.",
            "Bệnh viện đang chuẩn bị các điều kiện để triển khai kỹ thuật ghép gan trong thời gian tới.",
        ],
        "tags": ["Y tế"],
        "bylines": [("Ngọc Minh", "Bài")],
        "state": "published",
        "hours_ago": 44,
    },
    # --- An ninh - Trật tự ---------------------------------------------------
    {
        "section": "an-ninh-trat-tu",
        "headline": "Triệt phá đường dây đánh bạc qua mạng quy mô hơn 100 tỷ đồng",
        "lead": "Công an tỉnh đã khởi tố vụ án, khởi tố bị can đối với 12 đối tượng liên quan.",
        "paragraphs": [
            "Các đối tượng lập nhiều trang web, tài khoản trung gian để tổ chức đánh bạc dưới hình thức "
            "cá độ bóng đá, lô đề trực tuyến.",
            "Vụ án đang được cơ quan Cảnh sát điều tra tiếp tục mở rộng điều tra.",
        ],
        "tags": ["Công an tỉnh"],
        "bylines": [("Hồng Chuyên", "Bài")],
        "state": "published",
        "hours_ago": 15,
    },
    {
        "section": "an-ninh-trat-tu",
        "headline": "Cao điểm tuyên truyền, xử lý vi phạm nồng độ cồn dịp cuối năm",
        "lead": "Lực lượng Cảnh sát giao thông tăng cường tuần tra, kiểm soát vào khung giờ tối và các ngày cuối tuần.",
        "paragraphs": [
            "Trong tháng qua, lực lượng chức năng đã lập biên bản hơn 1.500 trường hợp vi phạm nồng độ cồn, "
            "tạm giữ hàng trăm phương tiện.",
            "Công an tỉnh khuyến cáo người dân “đã uống rượu, bia thì không lái xe” để bảo đảm an toàn cho "
            "bản thân và cộng đồng.",
        ],
        "tags": ["An toàn giao thông"],
        "bylines": [("Lê Thành", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 64,
    },
    # --- Văn hóa -----------------------------------------------------------
    {
        "section": "van-hoa",
        "headline": "Lễ hội Cà phê Buôn Ma Thuột lần thứ 9 sẽ có nhiều hoạt động mới",
        "lead": "Lễ hội với chủ đề “Cà phê Buôn Ma Thuột – Hành trình di sản xanh” dự kiến thu hút hàng "
        "trăm nghìn lượt khách.",
        "paragraphs": [
            "Bên cạnh các hoạt động truyền thống như lễ rước, đường phố cà phê, lễ hội năm nay có thêm "
            "không gian cà phê sáng tạo và các tour trải nghiệm vườn cà phê.",
            "Ban tổ chức khuyến khích người dân mặc trang phục truyền thống khi tham gia các hoạt động lễ hội.",
        ],
        "tags": ["Cà phê", "Buôn Ma Thuột"],
        "bylines": [("Quang Nhật", "Bài")],
        "state": "published",
        "hours_ago": 28,
        "photo": {
            "caption": "Đoàn rước trong Lễ hội Cà phê Buôn Ma Thuột lần trước.",
            "credit": "Quang Nhật",
            "alt": "Đoàn người mặc trang phục truyền thống diễu hành trên phố",
            "colour": (180, 70, 30),
        },
    },
    {
        "section": "van-hoa",
        "headline": "Giữ nhịp chiêng trong buôn làng Ê Đê",
        "lead": "Những lớp truyền dạy đánh chiêng cho thanh thiếu niên đang góp phần giữ gìn không gian "
        "văn hóa cồng chiêng Tây Nguyên.",
        "paragraphs": [
            "Ở buôn Kmrơng Prông A, già làng và các nghệ nhân dành nhiều buổi tối để dạy các em những bài chiêng cổ.",
            "Nhiều đội chiêng thiếu niên đã biểu diễn tại các lễ hội của tỉnh và phục vụ khách du lịch.",
        ],
        "tags": ["Cồng chiêng"],
        "bylines": [("H’Xuân", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 120,
    },
    {
        "section": "du-lich",
        "headline": "Hồ Lắk hút khách dịp cuối tuần",
        "lead": "Cưỡi voi, chèo thuyền độc mộc và thưởng thức ẩm thực buôn làng là những trải nghiệm "
        "được du khách yêu thích.",
        "paragraphs": [
            "Các homestay quanh hồ thường kín phòng vào dịp cuối tuần và lễ, Tết.",
            "Huyện Lắk đang xây dựng thêm các tour du lịch cộng đồng gắn với sinh kế của người dân.",
        ],
        "tags": ["Du lịch Đắk Lắk"],
        "bylines": [("Kim Oanh", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 58,
        "photo": {
            "caption": "Du khách chèo thuyền độc mộc trên hồ Lắk.",
            "credit": "Kim Oanh",
            "alt": "Thuyền độc mộc chở du khách trên mặt hồ buổi chiều",
            "colour": (40, 110, 150),
        },
    },
    # --- Thể thao ----------------------------------------------------------
    {
        "section": "the-thao",
        "headline": "Đắk Lắk giành 5 huy chương vàng tại giải vô địch điền kinh quốc gia",
        "lead": "Thành tích vượt chỉ tiêu đề ra, khẳng định sự tiến bộ của điền kinh tỉnh nhà.",
        "paragraphs": [
            "Các huy chương vàng đến từ các nội dung chạy 800 m, 1.500 m, 5.000 m nữ và nhảy cao nam.",
            "Sở Văn hóa, Thể thao và Du lịch đã khen thưởng các vận động viên và huấn luyện viên đạt thành tích cao.",
        ],
        "tags": ["Điền kinh"],
        "bylines": [("Lê Thành", "Bài")],
        "state": "published",
        "hours_ago": 22,
    },
    {
        "section": "the-thao",
        "headline": "Giải bóng đá Cúp Báo Đắk Lắk khởi tranh với 16 đội",
        "lead": "Giải diễn ra trong ba tuần tại sân vận động Buôn Ma Thuột và các sân vệ tinh.",
        "paragraphs": [
            "Các đội được chia thành bốn bảng thi đấu vòng tròn một lượt, chọn hai đội đứng đầu mỗi bảng vào tứ kết.",
        ],
        "tags": ["Bóng đá"],
        "bylines": [("Lê Thành", "Bài và ảnh")],
        "state": "published",
        "hours_ago": 90,
    },
    # --- Quốc tế -----------------------------------------------------------
    {
        "section": "quoc-te",
        "headline": "Giá cà phê thế giới tăng mạnh do lo ngại nguồn cung",
        "lead": "Giá cà phê Robusta trên sàn London đã tăng hơn 10% trong tuần qua.",
        "paragraphs": [
            "Thời tiết bất lợi tại các nước sản xuất lớn khiến thị trường lo ngại nguồn cung niên vụ mới sẽ thiếu hụt.",
            "Các chuyên gia nhận định giá có thể tiếp tục biến động mạnh trong những tháng tới.",
        ],
        "credit_line": "Theo TTXVN",
        "tags": ["Cà phê"],
        "bylines": [("Ngọc Minh", "Bài")],
        "state": "published",
        "hours_ago": 10,
    },
    {
        "section": "quoc-te",
        "headline": "ASEAN thúc đẩy hợp tác kinh tế số",
        "lead": "Các nước thành viên thống nhất đẩy nhanh đàm phán Hiệp định khung về kinh tế số ASEAN.",
        "paragraphs": [
            "Hiệp định được kỳ vọng giúp tăng gấp đôi giá trị kinh tế số của khu vực vào năm 2030.",
        ],
        "credit_line": "Theo TTXVN",
        "tags": ["Chuyển đổi số"],
        "bylines": [("Phương Nga", "Bài")],
        "state": "published",
        "hours_ago": 48,
    },
    # --- Bạn đọc -----------------------------------------------------------
    {
        "section": "ban-doc",
        "headline": "Đèn chiếu sáng trên đường Nguyễn Thị Định hư hỏng nhiều ngày",
        "lead": "Bạn đọc phản ánh nhiều cột đèn không sáng, gây nguy hiểm cho người đi đường vào ban đêm.",
        "paragraphs": [
            "Nhận được phản ánh, phóng viên đã có mặt tại hiện trường và ghi nhận đoạn đường dài khoảng "
            "500 m không có đèn chiếu sáng.",
            "Đại diện đơn vị quản lý cho biết sẽ khắc phục trong tuần này.",
        ],
        "tags": ["Buôn Ma Thuột"],
        "bylines": [("Bạn đọc Nguyễn Văn Tâm", "Bài")],
        "state": "published",
        "hours_ago": 40,
    },
    {
        "section": "ban-doc",
        "headline": "Hồi âm bài “Khó khăn trong làm thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất”",
        "lead": "Văn phòng Đăng ký đất đai tỉnh đã có văn bản trả lời phản ánh của bạn đọc.",
        "paragraphs": [
            "Theo văn bản, hồ sơ của bạn đọc đã được giải quyết xong và trả kết quả qua dịch vụ bưu chính công ích.",
        ],
        "tags": ["Cải cách hành chính"],
        "bylines": [("Thúy Hồng", "Bài")],
        "state": "published",
        "hours_ago": 110,
    },
    # --- Multimedia --------------------------------------------------------
    {
        "section": "multimedia",
        "kind": "photo_story",
        "headline": "Mùa hoa cà phê trắng núi đồi Buôn Ma Thuột",
        "lead": "Những ngày này, các vườn cà phê quanh Buôn Ma Thuột đồng loạt nở hoa trắng muốt, tỏa hương thơm ngát.",
        "paragraphs": [
            "Mùa hoa cà phê thường kéo dài khoảng hai tuần sau đợt tưới nước đầu tiên của mùa khô.",
        ],
        "tags": ["Cà phê", "Buôn Ma Thuột"],
        "bylines": [("Thanh Hồng", "Ảnh")],
        "state": "published",
        "hours_ago": 16,
        "story_photos": [
            {
                "caption": "Hoa cà phê nở trắng trên những vườn cây ở phường Tân An.",
                "credit": "Thanh Hồng",
                "alt": "Những cành cà phê phủ kín hoa trắng",
                "colour": (235, 235, 225),
            },
            {
                "caption": "Nông dân kiểm tra nước tưới trong mùa hoa.",
                "credit": "Thanh Hồng",
                "alt": "Người nông dân cầm vòi tưới giữa vườn cà phê",
                "colour": (60, 110, 60),
            },
            {
                "caption": "Du khách chụp ảnh bên vườn cà phê đang độ nở hoa.",
                "credit": "Thanh Hồng",
                "alt": "Hai du khách đứng chụp ảnh cạnh hàng cà phê nở hoa",
                "colour": (200, 160, 120),
            },
        ],
    },
    {
        "section": "multimedia",
        "kind": "video",
        "video_url": "https://www.youtube.com/watch?v=Rr4vT9cQe2w",
        "headline": "Sôi nổi Hội thi đua thuyền độc mộc trên sông Sêrêpốk",
        "lead": "Hội thi thu hút 20 đội đua đến từ các buôn làng ven sông.",
        "paragraphs": [],
        "tags": ["Du lịch Đắk Lắk"],
        "bylines": [("Quang Nhật", "Video")],
        "state": "published",
        "hours_ago": 70,
    },
]
