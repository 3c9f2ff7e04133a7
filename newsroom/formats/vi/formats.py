"""Vietnamese date formats the desk types: dd/mm/yyyy first (Django's own vi locale has no input formats)."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%Hh%M", "%Hh", "%H.%M", "%H giờ %M"]  # 8h30, 8h, 08.30 as typed here
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i, d/m/Y"
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i, d/m/Y"
