"""Word lists and sentences the benchmark's text is made from: plain data, written for this project.

``SENTENCES`` adds, topic by topic, what the demo stories (``articles.demo``)
do not cover; ``bench.prose`` learns which word follows which from both, each
topic's text weighing most in its own sections (``SECTION_TOPICS``), so a
word like "cải cách" is common in some sections and rare in others, as in a
real archive. The other lists name people, places, tags, photos and readers.
"""

# The topic of each section's text (a section not listed here writes about "politics").
SECTION_TOPICS = {
    "thoi-su": "politics",
    "trong-tinh": "politics",
    "trong-nuoc": "politics",
    "chinh-tri": "politics",
    "kinh-te": "economy",
    "nong-nghiep": "economy",
    "xa-hoi": "society",
    "giao-duc": "society",
    "y-te": "society",
    "ban-doc": "society",
    "an-ninh-trat-tu": "security",
    "van-hoa": "culture",
    "du-lich": "culture",
    "multimedia": "culture",
    "the-thao": "sport",
    "quoc-te": "world",
}

SENTENCES = {
    "sport": [
        "Trận đấu diễn ra trong mưa lớn, hai đội chơi quyết liệt và chia điểm với tỷ số hòa 1-1.",
        "Đội tuyển bóng chuyền nữ của tỉnh giành quyền vào vòng chung kết sau ba trận thắng liên tiếp.",
        "Sân vận động tỉnh được sửa chữa mặt cỏ, hệ thống chiếu sáng để kịp phục vụ mùa giải mới.",
        "Vận động viên điền kinh trẻ của tỉnh phá kỷ lục quốc gia ở nội dung chạy 1.500 m nữ.",
        "Giải bóng đá thiếu niên nhi đồng thu hút 24 đội bóng đến từ các trường học trên địa bàn.",
        "Các cổ động viên đã đến sân từ sớm, mang theo cờ, băng rôn để cổ vũ cho đội nhà.",
        "Ban huấn luyện cho biết đội bóng sẽ bổ sung một số cầu thủ ngoại ở giai đoạn lượt về.",
        "Đội bóng đá của tỉnh giành chiến thắng 2-1 trên sân nhà trong trận đấu thuộc vòng 12 giải hạng Nhất quốc gia.",
        "Ban tổ chức cho biết giải chạy việt dã năm nay thu hút hơn 1.500 vận động viên đến từ các huyện, thị xã.",
        "Huấn luyện viên trưởng nhận định các cầu thủ trẻ đã thi đấu tự tin, bám sát chiến thuật được giao.",
        "Đoàn thể thao tỉnh xếp thứ 9 toàn đoàn tại Đại hội Thể dục thể thao toàn quốc với 12 huy chương vàng.",
        "Nhiều môn thể thao dân tộc như đẩy gậy, kéo co, bắn nỏ được đưa vào chương trình hội thao năm nay.",
    ],
    "society": [
        "Sở Y tế khuyến cáo người dân chủ động phòng chống sốt xuất huyết, diệt lăng quăng và bọ gậy quanh nhà.",
        "Bệnh viện Đa khoa vùng Tây Nguyên vừa thực hiện thành công ca phẫu thuật tim hở cho một bệnh nhân 62 tuổi.",
        "Tỷ lệ bao phủ bảo hiểm y tế trên địa bàn tỉnh đạt hơn 92%, vượt chỉ tiêu nghị quyết đề ra.",
        "Các trạm y tế xã được đầu tư trang thiết bị, bảo đảm khám chữa bệnh ban đầu cho người dân vùng sâu, vùng xa.",
        "Ngành y tế đẩy mạnh tiêm chủng mở rộng, phấn đấu trên 95% trẻ em dưới một tuổi được tiêm đủ các loại vắc xin.",
        "Năm học mới, toàn tỉnh có hơn 500 nghìn học sinh các cấp đến trường, tăng gần 8 nghìn em so với năm trước.",
        "Nhiều trường học vùng khó khăn vẫn thiếu phòng học, giáo viên phải dạy ghép lớp để bảo đảm chương trình.",
        "Kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn, nghiêm túc, đúng quy chế tại 52 điểm thi.",
        "Sở Giáo dục và Đào tạo yêu cầu các trường không lạm thu, công khai các khoản thu đầu năm học.",
        "Học sinh người đồng bào dân tộc thiểu số được hỗ trợ tiền ăn, gạo và sách giáo khoa theo chính "
        "sách của Nhà nước.",
        "Bạn đọc phản ánh tình trạng rác thải tồn đọng nhiều ngày tại khu vực chợ, gây ô nhiễm môi trường.",
        "Sau khi Báo phản ánh, chính quyền địa phương đã kiểm tra, yêu cầu chủ đầu tư khắc phục ngay các tồn tại.",
        "Nhiều hộ dân mong muốn cơ quan chức năng sớm giải quyết dứt điểm vụ việc để người dân yên tâm làm ăn.",
    ],
    "economy": [
        "Khu công nghiệp Hòa Phú thu hút thêm nhiều dự án chế biến nông sản với tổng vốn đăng ký hơn 1.000 tỷ đồng.",
        "Kim ngạch xuất khẩu sầu riêng tăng mạnh nhờ thị trường Trung Quốc mở cửa chính ngạch.",
        "Ngân hàng Nhà nước chi nhánh tỉnh cho biết dư nợ tín dụng nông nghiệp, nông thôn tăng hơn 10%.",
        "Nông dân huyện Krông Pắc đang vào vụ thu hoạch sầu riêng, giá bán tại vườn dao động từ 80 đến 95 "
        "nghìn đồng mỗi kg.",
        "Nhiều hộ dân chuyển đổi từ trồng cà phê già cỗi sang trồng xen cây ăn quả, cho thu nhập cao hơn "
        "trên cùng diện tích.",
        "Ngành nông nghiệp khuyến cáo bà con không dùng thuốc bảo vệ thực vật ngoài danh mục, bảo đảm "
        "an toàn thực phẩm.",
        "Hợp tác xã nông nghiệp đã liên kết với doanh nghiệp bao tiêu sản phẩm, giúp xã viên yên tâm sản xuất.",
        "Nắng hạn kéo dài khiến hàng nghìn hecta cây trồng thiếu nước tưới, chính quyền địa phương đã huy "
        "động máy bơm hỗ trợ.",
        "Mô hình nuôi bò sinh sản theo hướng an toàn sinh học đã giúp nhiều hộ đồng bào thoát nghèo bền vững.",
        "Tổng thu ngân sách nhà nước trên địa bàn tỉnh ước đạt hơn 7.000 tỷ đồng, đạt 90% dự toán được giao.",
        "Nhiều doanh nghiệp nhỏ và vừa gặp khó khăn về vốn, thị trường tiêu thụ và chi phí đầu vào tăng cao.",
        "Dự án điện gió, điện mặt trời góp phần tăng nguồn cung năng lượng sạch và tạo việc làm cho lao "
        "động địa phương.",
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới đã làm thay đổi diện mạo nhiều vùng quê trong tỉnh.",
        "Tỷ lệ hộ nghèo giảm còn 6,4%, trong đó hộ nghèo đồng bào dân tộc thiểu số giảm hơn 3% mỗi năm.",
        "Ngân hàng Chính sách xã hội đã giải ngân vốn vay ưu đãi cho hơn 20 nghìn lượt hộ nghèo và đối "
        "tượng chính sách.",
        "Giá xăng dầu tăng nhẹ trong kỳ điều chỉnh chiều nay, ảnh hưởng đến chi phí vận tải và sản xuất "
        "của doanh nghiệp.",
        "Người lao động được hỗ trợ học nghề, giới thiệu việc làm tại các phiên giao dịch việc làm định kỳ hằng tháng.",
    ],
    "culture": [
        "Liên hoan văn hóa cồng chiêng có sự tham gia của hơn 500 nghệ nhân đến từ các buôn làng trong tỉnh.",
        "Bảo tàng tỉnh trưng bày hơn 300 hiện vật về đời sống, phong tục của đồng bào các dân tộc Tây Nguyên.",
        "Nhiều homestay trong buôn làng đón khách du lịch trải nghiệm văn hóa, ẩm thực truyền thống của người Ê Đê.",
        "Đêm thơ, nhạc mừng xuân thu hút đông đảo văn nghệ sĩ và người dân thành phố đến thưởng thức.",
        "Sử thi Đam San được các nghệ nhân kể lại bên bếp lửa nhà dài trong những đêm hội buôn.",
        "Lễ hội Cà phê Buôn Ma Thuột thu hút hàng trăm nghìn lượt du khách trong nước và quốc tế đến tham quan.",
        "Hồ Lắk, thác Dray Nur và Vườn quốc gia Yók Đôn là những điểm đến quen thuộc của du khách khi đến Tây Nguyên.",
        "Không gian văn hóa cồng chiêng Tây Nguyên cần được bảo tồn, trao truyền cho thế hệ trẻ trong các buôn làng.",
        "Các nghệ nhân đã trình diễn dệt thổ cẩm, đan lát và chế tác nhạc cụ truyền thống ngay tại lễ hội.",
        "Ngành du lịch đặt mục tiêu đón hơn một triệu lượt khách, doanh thu từ du lịch tăng trên 15% so với năm trước.",
        "Nhà văn hóa cộng đồng của buôn được xây dựng theo kiến trúc nhà dài truyền thống của người Ê Đê.",
    ],
    "security": [
        "Cơ quan Cảnh sát điều tra đã khởi tố vụ án, khởi tố bị can và bắt tạm giam đối tượng để điều tra.",
        "Lực lượng phòng cháy chữa cháy nhanh chóng có mặt, khống chế đám cháy, không để lan sang các nhà lân cận.",
        "Công an xã phối hợp với người dân tuần tra ban đêm, giữ gìn an ninh trật tự tại các buôn làng.",
        "Đối tượng khai nhận đã dùng mạng xã hội để lừa đảo, chiếm đoạt hơn 2 tỷ đồng của nhiều người.",
        "Tòa án nhân dân tỉnh mở phiên tòa xét xử lưu động vụ án, thu hút đông đảo người dân đến theo dõi.",
        "Công an huyện đã bắt giữ đối tượng có hành vi trộm cắp tài sản, thu hồi nhiều tang vật có liên quan.",
        "Lực lượng cảnh sát giao thông tăng cường tuần tra, kiểm soát, xử lý nghiêm người điều khiển phương "
        "tiện vi phạm nồng độ cồn.",
        "Vụ tai nạn giao thông xảy ra vào khoảng 6 giờ sáng trên quốc lộ 14, đoạn qua địa bàn thị xã Buôn Hồ.",
        "Cơ quan chức năng khuyến cáo người dân cảnh giác với các thủ đoạn lừa đảo chiếm đoạt tài sản qua mạng xã hội.",
        "Công an tỉnh đã hoàn thành thu thập, cập nhật dữ liệu dân cư và cấp căn cước cho người dân trên địa bàn.",
    ],
    "politics": [
        "Hội đồng nhân dân tỉnh tổ chức phiên chất vấn về công tác quản lý đất đai và giải phóng mặt bằng.",
        "Đoàn kiểm tra của Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy về công tác xây dựng Đảng.",
        "Tỉnh đẩy mạnh cải cách hành chính, rút ngắn thời gian giải quyết thủ tục cho người dân và doanh nghiệp.",
        "Chủ tịch UBND tỉnh tiếp công dân định kỳ, trực tiếp lắng nghe và giải quyết các kiến nghị.",
        "Đoàn công tác của tỉnh đã đến thăm, tặng quà các gia đình chính sách, người có công với cách "
        "mạng nhân dịp Tết.",
        "Hội nghị trực tuyến được kết nối tới các điểm cầu cấp huyện và cấp xã trên địa bàn toàn tỉnh.",
        "Lãnh đạo tỉnh yêu cầu các sở, ngành nâng cao trách nhiệm người đứng đầu, kiên quyết xử lý tình "
        "trạng né tránh, đùn đẩy.",
        "Cử tri phản ánh tình trạng xuống cấp của nhiều tuyến đường liên xã, đề nghị sớm bố trí vốn sửa chữa.",
        "Ban Thường vụ Tỉnh ủy đã cho ý kiến về đề án sắp xếp đơn vị hành chính cấp xã giai đoạn tới.",
        "Đại hội đại biểu Mặt trận Tổ quốc tỉnh đã hiệp thương cử Ủy ban khóa mới gồm 85 vị.",
    ],
    "world": [
        "Các nhà lãnh đạo cam kết tăng cường hợp tác thương mại, đầu tư và chuyển đổi năng lượng trong khu vực.",
        "Hội nghị Bộ trưởng Ngoại giao ASEAN thảo luận các biện pháp duy trì hòa bình, ổn định ở Biển Đông.",
        "Liên hợp quốc kêu gọi cộng đồng quốc tế hỗ trợ nhân đạo khẩn cấp cho người dân vùng thiên tai.",
        "Giá dầu thô trên thị trường thế giới giảm nhẹ trong phiên giao dịch đầu tuần do lo ngại nhu cầu suy yếu.",
        "Động đất mạnh 6,2 độ richter làm nhiều ngôi nhà bị hư hại, lực lượng cứu hộ đang tìm kiếm người mất tích.",
        "Ngân hàng trung ương nhiều nước giữ nguyên lãi suất để kiềm chế lạm phát và hỗ trợ tăng trưởng.",
        "Theo các hãng thông tấn, hội nghị thượng đỉnh đã thông qua tuyên bố chung về hợp tác kinh tế và ứng "
        "phó biến đổi khí hậu.",
        "Giá cà phê trên thị trường thế giới biến động mạnh do lo ngại nguồn cung từ các nước sản xuất lớn sụt giảm.",
        "Trung tâm Khí tượng thủy văn dự báo trong những ngày tới khu vực Tây Nguyên có mưa rào và dông rải rác.",
        "Mưa lớn kéo dài gây ngập úng cục bộ tại một số khu dân cư, chính quyền đã di dời các hộ dân đến nơi an toàn.",
        "Tỉnh đẩy mạnh chuyển đổi số, phấn đấu đến cuối năm có 80% hồ sơ thủ tục hành chính được xử lý trực tuyến.",
        "Người dân có thể tra cứu kết quả giải quyết hồ sơ trên Cổng dịch vụ công mà không phải đến trực "
        "tiếp cơ quan nhà nước.",
        "Các đơn vị đã ứng dụng công nghệ thông tin trong quản lý, điều hành, giúp tiết kiệm thời gian và chi phí.",
    ],
}

KICKERS = [
    "Bản tin cuối ngày",
    "Góc nhìn",
    "Phóng sự",
    "Ghi nhận",
    "Chuyện làng",
    "Đường dây nóng",
    "Tiêu điểm",
    "Hỏi - đáp",
]

SURNAMES = [
    # (surname, weight): roughly how common each is
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lương", 1),
    ("Mai", 1),
]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Hữu", "Thanh", "Quang", "Xuân", "Hồng", "Công", "Thu", "Kim"]
GIVEN_NAMES = [
    "An", "Anh", "Bình", "Châu", "Chi", "Cường", "Dũng", "Duy", "Dương", "Giang", "Hà", "Hải", "Hạnh", "Hằng",
    "Hiếu", "Hòa", "Hoàng", "Hồng", "Huy", "Hương", "Khánh", "Khoa", "Lan", "Linh", "Long", "Mai", "Minh", "My",
    "Nam", "Nga", "Ngân", "Nghĩa", "Ngọc", "Nhung", "Oanh", "Phong", "Phúc", "Phương", "Quân", "Quang", "Quỳnh",
    "Sơn", "Tâm", "Thảo", "Thắng", "Thành", "Thông", "Thủy", "Thư", "Tiến", "Trang", "Trinh", "Trung", "Tuấn",
    "Tùng", "Uyên", "Vân", "Việt", "Vy", "Yến",
]  # fmt: skip
# Names of the Central Highlands' peoples (Ê Đê, M'nông, J'rai), as readers and stringers sign them.
HIGHLAND_NAMES = [
    "H’Linh Niê", "Y Khu Niê", "H’Hen Niê", "Y Moan Enuôl", "H’Xuân Mlô", "Y Biêr Niê", "Ama Kông", "H’Bla Êban",
    "Y Ngông Niê Kdăm", "Ksor Hơ Wiu", "Rơ Châm Thuk", "Điểu Kâu",
]  # fmt: skip

# Wire agencies and other papers, signed as themselves with a "Theo …" credit line.
AGENCIES = ["TTXVN", "VOV", "Báo Chính phủ", "Báo Nhân Dân", "VNA", "Báo Quân đội nhân dân"]

AUTHOR_BIOS = [
    "Phóng viên Ban Thời sự.",
    "Phóng viên thường trú tại các huyện phía Nam của tỉnh.",
    "Phóng viên ảnh, theo dõi mảng văn hóa và du lịch.",
    "Biên tập viên Ban Điện tử.",
    "Cộng tác viên, theo dõi mảng nông nghiệp và nông thôn.",
]

PLACES = [
    "Buôn Ma Thuột", "Buôn Hồ", "Krông Pắc", "Krông Ana", "Krông Bông", "Krông Búk", "Krông Năng", "Cư M’gar",
    "Cư Kuin", "Ea H’leo", "Ea Kar", "Ea Súp", "Lắk", "M’Đrắk", "Buôn Đôn", "Tây Nguyên", "Đắk Nông", "Gia Lai",
    "Kon Tum", "Lâm Đồng", "Khánh Hòa", "Phú Yên", "Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hồ Lắk", "Yók Đôn",
    "Chư Yang Sin", "Dray Nur", "Buôn Trấp", "Quảng Phú", "Ea Tam", "Tân Lợi", "Thành Nhất", "Ea Kao",
]  # fmt: skip

TAG_TOPICS = [
    "Cà phê", "Sầu riêng", "Hồ tiêu", "Cao su", "Mắc ca", "Ca cao", "Đầu tư công", "Giao thông", "Cao tốc",
    "Nông thôn mới", "Giảm nghèo", "An sinh xã hội", "Bảo hiểm y tế", "Bảo hiểm xã hội", "Sốt xuất huyết",
    "Tiêm chủng", "Vắc xin", "Covid-19", "Bệnh viện", "Y tế cơ sở", "Thi tốt nghiệp", "Tuyển sinh", "Học phí",
    "Khai giảng", "Giáo viên", "Trường học", "Cải cách hành chính", "Chuyển đổi số", "Dịch vụ công trực tuyến",
    "Căn cước", "HĐND tỉnh", "UBND tỉnh", "Tỉnh ủy", "Quốc hội", "Tiếp xúc cử tri", "Bầu cử", "Mặt trận Tổ quốc",
    "Công an tỉnh", "Phòng cháy chữa cháy", "Tai nạn giao thông", "Nồng độ cồn", "Ma túy", "Lừa đảo qua mạng",
    "Trộm cắp", "Buôn lậu", "Phá rừng", "Bảo vệ rừng", "Môi trường", "Rác thải", "Biến đổi khí hậu", "Hạn hán",
    "Mưa lũ", "Thời tiết", "Thủy lợi", "Điện gió", "Điện mặt trời", "Giá xăng dầu", "Giá vàng", "Ngân hàng",
    "Tín dụng chính sách", "Doanh nghiệp", "Khởi nghiệp", "Xuất khẩu", "OCOP", "Hợp tác xã", "Chăn nuôi",
    "Dịch tả lợn châu Phi", "Lễ hội Cà phê", "Cồng chiêng", "Thổ cẩm", "Văn hóa Ê Đê", "Du lịch cộng đồng",
    "Di tích", "Bảo tàng", "Sách", "Âm nhạc", "Điện ảnh", "Bóng đá", "V-League", "Hạng Nhất", "SEA Games",
    "Điền kinh", "Võ thuật", "Việt dã", "Thể thao dân tộc", "Tết Nguyên đán", "Giỗ Tổ Hùng Vương", "Quốc khánh 2-9",
    "Ngày Nhà giáo Việt Nam", "Người có công", "Thương binh liệt sĩ", "Trẻ em", "Người cao tuổi", "Phụ nữ",
    "Thanh niên", "Đoàn viên", "Cựu chiến binh", "Nhà ở xã hội", "Đất đai", "Quy hoạch", "Giải phóng mặt bằng",
    "Tái định cư", "Khoáng sản", "Thủy điện", "Nước sạch", "Chợ", "An toàn thực phẩm", "Giá cả", "Lao động",
    "Việc làm", "Xuất khẩu lao động", "Tiền lương", "Thuế", "Ngân sách", "Kiểm toán", "Thanh tra",
    "Phòng chống tham nhũng", "Khiếu nại tố cáo", "Biên giới", "Quốc phòng", "Dân quân tự vệ", "Nghĩa vụ quân sự",
    "ASEAN", "Liên hợp quốc", "Kinh tế thế giới", "Hợp tác quốc tế",
]  # fmt: skip

PHOTO_SCENES = [
    # (caption, alt text): what a photo shows, as the paper would caption it
    ("Nông dân thu hoạch cà phê vào vụ mới.", "Người nông dân hái cà phê chín đỏ trong vườn"),
    ("Toàn cảnh hội nghị.", "Đại biểu ngồi kín hội trường trong buổi hội nghị"),
    ("Thi công tuyến đường liên xã.", "Máy móc đang trải nhựa mặt đường"),
    ("Học sinh trong ngày khai giảng năm học mới.", "Học sinh mặc đồng phục xếp hàng dưới cờ"),
    ("Nghệ nhân trình diễn cồng chiêng tại lễ hội.", "Các nghệ nhân mặc trang phục truyền thống đánh cồng chiêng"),
    ("Cán bộ y tế khám bệnh cho người dân.", "Bác sĩ đo huyết áp cho một cụ bà"),
    ("Lực lượng chức năng tuần tra kiểm soát giao thông.", "Cảnh sát giao thông ra hiệu cho xe dừng lại"),
    ("Du khách tham quan thác nước.", "Dòng thác trắng xóa đổ xuống giữa rừng xanh"),
    ("Vườn sầu riêng đang vào mùa thu hoạch.", "Những trái sầu riêng treo kín trên cành"),
    ("Các vận động viên tranh tài trên đường chạy.", "Đoàn vận động viên chạy trên đường phố"),
    ("Lãnh đạo tỉnh trao quà cho gia đình chính sách.", "Người cán bộ trao túi quà cho một cụ ông"),
    ("Người dân làm thủ tục tại bộ phận một cửa.", "Người dân ngồi trước quầy tiếp nhận hồ sơ"),
    ("Hồ Lắk vào buổi sớm.", "Mặt hồ phẳng lặng với sương mù và những chiếc thuyền độc mộc"),
    ("Phụ nữ Ê Đê dệt thổ cẩm.", "Người phụ nữ ngồi bên khung dệt thổ cẩm nhiều màu"),
    ("Cầu thủ hai đội tranh chấp bóng.", "Hai cầu thủ tranh bóng trên sân cỏ"),
    ("Khu dân cư bị ngập sau trận mưa lớn.", "Nước ngập đến đầu gối trên một con đường trong khu dân cư"),
    ("Công nhân làm việc tại nhà máy chế biến nông sản.", "Công nhân đội mũ bảo hộ phân loại hạt cà phê"),
    ("Đàn bò của hộ nuôi theo mô hình mới.", "Đàn bò đang gặm cỏ trên bãi chăn thả"),
    ("Buôn làng bên cánh rừng.", "Những ngôi nhà dài bằng gỗ nằm bên bìa rừng"),
    ("Cánh đồng lúa chín vàng.", "Cánh đồng lúa chín vàng trải dài dưới nắng"),
]

READER_SENTENCES = [
    "Bài viết rất hay và bổ ích.",
    "Cảm ơn Báo đã phản ánh kịp thời.",
    "Mong cơ quan chức năng sớm vào cuộc xử lý dứt điểm.",
    "Tôi hoàn toàn đồng tình với ý kiến của tác giả.",
    "Đề nghị làm rõ trách nhiệm của những cá nhân liên quan.",
    "Đường ở xã tôi cũng xuống cấp như vậy từ nhiều năm nay.",
    "Giá cà phê năm nay tốt, bà con phấn khởi lắm.",
    "Chúc mừng đội bóng của tỉnh nhà, mong các cầu thủ giữ vững phong độ.",
    "Thủ tục bây giờ làm trực tuyến nhanh hơn trước nhiều.",
    "Cần có chính sách hỗ trợ người dân vùng sâu, vùng xa nhiều hơn nữa.",
    "Quê tôi ở Krông Pắc, đọc bài thấy nhớ nhà quá.",
    "Xin hỏi thời gian cụ thể là khi nào để người dân biết mà chuẩn bị?",
    "Thông tin rất hữu ích cho phụ huynh có con chuẩn bị vào lớp một.",
    "Mong tỉnh tiếp tục đầu tư cho giáo dục ở vùng khó khăn.",
    "Tình trạng này kéo dài quá lâu rồi mà chưa thấy ai giải quyết.",
    "Rất tự hào về văn hóa cồng chiêng của quê hương mình.",
    "Phải xử lý thật nghiêm để răn đe những đối tượng khác.",
    "Người dân mong dự án sớm hoàn thành để đi lại thuận tiện hơn.",
    "Ý kiến của bạn đọc phía trên rất đúng.",
    "Bài báo nói đúng thực trạng ở địa phương.",
    "Tôi đã đến đây năm ngoái, cảnh rất đẹp và người dân rất mến khách.",
    "Cán bộ y tế ở trạm xã tôi làm việc rất tận tình.",
    "Hy vọng giá nông sản ổn định để bà con yên tâm sản xuất.",
    "Đề nghị Báo tiếp tục theo dõi và thông tin kết quả xử lý.",
]

SUSPECT_PHRASES = ["lừa đảo", "tham nhũng", "cờ bạc", "vay nóng"]

EMAIL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com"]

# First octets of addresses Vietnamese readers often come from (mobile and fixed networks).
IPV4_FIRST_OCTETS = [14, 27, 42, 58, 101, 103, 113, 115, 116, 117, 118, 123, 125, 171, 183, 222]

USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 "
    "Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
    "Mozilla/5.0 (Linux; Android 14; CPH2591) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/123.0 Mobile "
    "Chrome/117.0 Safari/537.36",
]

# A few stories share a word found nowhere else: the "rare word" search target.
RARE_WORD = "voọc"
RARE_HEADLINES = [
    "Phát hiện đàn voọc chà vá chân đen trong rừng đặc dụng Yók Đôn",
    "Thả về rừng ba cá thể voọc chà vá chân đen được người dân bàn giao",
    "Kiểm lâm tuần tra bảo vệ sinh cảnh của loài voọc quý hiếm",
]
RARE_LEADS = [
    "Lực lượng kiểm lâm ghi nhận đàn voọc khoảng 15 cá thể kiếm ăn ở khu vực giáp ranh vườn quốc gia, "
    "một tín hiệu tích cực cho công tác bảo tồn đa dạng sinh học của tỉnh.",
    "Các cá thể voọc khỏe mạnh sau thời gian được chăm sóc tại trung tâm cứu hộ và đã được thả về môi trường "
    "tự nhiên với sự chứng kiến của chính quyền địa phương.",
]

# What a reader types without accents; the stories about it carry the phrase with its accents.
ACCENTLESS_PHRASE = "cai cach hanh chinh"
