"""PDF and web repairs keep offsets into the original text."""
from auditor.parse.normalize import normalize


def _check(original: str, expected: str):
    mapped = normalize(original)
    assert mapped.text == expected
    for index, char in enumerate(mapped.text):
        source = original[mapped.offsets[index]]
        assert source == char or normalize(source).text == char
    return mapped


def test_spaces_inside_chinese_words_and_numbers_are_removed():
    _check("西湖镇 2020 年政府信息公开 工作年度报告", "西湖镇2020年政府信息公开工作年度报告")


def test_bold_markers_are_removed():
    _check("一**是严格落实考核任务。**按照", "一是严格落实考核任务。按照")


def test_page_number_lines_are_removed():
    assert normalize("第一段\n- 3 -\n第二段\n第 4 页\n").text == "第一段\n\n第二段\n\n"


def test_full_width_brackets_and_digits_fold():
    _check("（一）主动公开２０２１年", "(一)主动公开2021年")


def test_traditional_characters_and_pinyin_annotations():
    _check("其他需要報(bào)告的事項(xiàng)", "其他需要报告的事项")


def test_tabs_between_table_cells_stay():
    assert normalize("规章\t0\t0\t0").text == "规章\t0\t0\t0"


def test_span_maps_back_to_original():
    original = "西湖镇 2020 年"
    mapped = normalize(original)
    start = mapped.text.index("2020")
    assert mapped.span(start, start + 4) == (4, 8)
