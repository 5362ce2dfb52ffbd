"""The request workbook: a file a department fills in without help (``analytics plan request``).

Two sheets: ``说明`` (instructions in Chinese) and ``填报`` with one row per target and the columns
of :data:`~analytics.io._returns_layout.COLUMNS`. The identifying columns are locked (the sheet is
protected), ``填报值`` only takes a number and ``数据所属期`` a year or a year-month; the plan and
the date travel in the file's properties, so a return names its plan. The department column
names a department only where the plan's source names one; otherwise the row says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from analytics.catalog import Plan, PlanIndicator, PlanValue
from analytics.io._returns_layout import COLUMNS, FILL_SHEET, GUIDE_SHEET, LOCKED, letter

__all__ = ["NO_DEPARTMENT", "request_rows", "write_request"]

NO_DEPARTMENT = "来源未写明主管部门，请填写贵单位名称"
"""What a row says when no source names the department in charge (never a guess)."""
_MAX_ROWS = 200
"""Rows the validations cover below the header."""


def _value_text(v: PlanValue | None) -> str:
    if v is None:
        return ""
    if v.value is None:
        return f"{v.text_zh}（{v.year}年）"
    number = f"{v.value:,.0f}" if float(v.value).is_integer() else f"{v.value:,g}"
    return f"{v.qualifier or ''}{number}（{v.year}年）"


def request_rows(plan: Plan, ids: Sequence[str] | None = None) -> list[dict[str, str]]:
    """The 填报 rows of ``plan`` (its own targets; ``ids`` picks some), identifying cells filled.

    The text of the locked cells depends on the plan file only, so a return can be checked
    against it cell by cell.

    Parameters
    ----------
    plan
        The plan whose targets are asked for.
    ids
        Target ids to include (default: the targets still lacking evidence).

    Examples
    --------
    >>> from analytics.catalog import load_plan
    >>> row = request_rows(load_plan("tianjin_smart_city_14th"), ["internet_hospitals"])[0]
    >>> row["目标"], row["填报单位"], row["备注"]
    ('≥30（2025年）', '市卫生健康委', '')
    """
    chosen = [i for i in plan.indicators if ids is None or i.id in ids]
    return [_row(i) for i in chosen]


def _row(ind: PlanIndicator) -> dict[str, str]:
    unit = "" if ind.unit == "qualitative" else ind.unit
    return {
        "target_id": ind.id,
        "指标": ind.name_zh,
        "单位": unit,
        "基数": _value_text(ind.baseline),
        "目标": _value_text(ind.target),
        "填报值": "",
        "数据所属期": "",
        "来源文件": "",
        "填报单位": ind.department,
        "联系人": "",
        "备注": "" if ind.department else NO_DEPARTMENT,
    }


_GUIDE = (
    "数据填报说明",
    "",
    "《{title}》{number}终期评估需要各主管部门提供以下目标的完成数。请在“填报”表中逐行填写：",
    "1. 填报值：一个数字（不带单位、不写“约”“超过”等字样），单位见“单位”列；",
    "2. 数据所属期：数据所指的年份（如 2025）或年月（如 2025-06），不得晚于填报日期；",
    "3. 来源文件：数据出处（统计公报、部门文件名称及文号，或内部台账名称）；",
    "4. 填报单位、联系人：请填写贵单位名称和联系人（姓名、电话）；",
    "5. 备注：口径说明或其他需要说明的情况。",
    "灰色的 target_id、指标、单位、基数、目标 五列已锁定，请勿修改；没有数据的行留空即可。",
    "填好后请将本文件原样发回（不要改文件名以外的内容），由评估组用 analytics data add 导入。",
    "",
    "规划：{plan_id}；生成日期：{date}。",
)


def write_request(
    plan: Plan,
    out: Path,
    *,
    ids: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the request workbook for ``plan`` (rows: ``ids``, default every target) to ``out``.

    Parameters
    ----------
    plan
        The plan whose targets are asked for.
    out
        The ``.xlsx`` file to write.
    ids
        Target ids to include (default: the targets still lacking evidence).
    today
        The date written in the workbook's properties (default: today).

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from analytics.catalog import load_plan
    >>> path = Path(tempfile.mkdtemp()) / "req.xlsx"
    >>> _ = write_request(load_plan("tianjin_smart_city_14th"), path, ids=["internet_hospitals"])
    >>> wb = openpyxl.load_workbook(path)
    >>> wb.sheetnames, wb.properties.identifier, wb["填报"]["A2"].value
    (['说明', '填报'], 'tianjin_smart_city_14th', 'internet_hospitals')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    today = today or dt.date.today()
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    fields = {
        "title": plan.title_zh,
        "number": f"（{plan.number}）" if plan.number else "",
        "plan_id": plan.id,
        "date": today.isoformat(),
    }
    for i, line in enumerate(_GUIDE, start=1):
        guide.cell(i, 1, line.format(**fields))
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    ws = wb.create_sheet(FILL_SHEET)
    grey = PatternFill("solid", fgColor="DDDDDD")
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in request_rows(plan, ids):
        ws.append([row[c] for c in COLUMNS])
    last = max(ws.max_row, 2)
    for r in range(2, _MAX_ROWS + 2):
        for c in COLUMNS:
            cell = ws[f"{letter(c)}{r}"]
            if c in LOCKED:
                cell.fill = grey if r <= last else PatternFill()
            else:
                cell.protection = Protection(locked=False)
        ws[f"{letter('数据所属期')}{r}"].number_format = "@"
    number = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+15",
        formula2="1E+15",
        allow_blank=True,
        showErrorMessage=True,
        error="填报值须为一个数字（不带单位）",
        errorTitle="填报值",
    )
    g = f"{letter('数据所属期')}2"
    period = DataValidation(
        type="custom",
        allow_blank=True,
        showErrorMessage=True,
        formula1=f'OR(AND(LEN({g})=4,ISNUMBER(--{g})),AND(LEN({g})=7,MID({g},5,1)="-",'
        f"ISNUMBER(--LEFT({g},4)),ISNUMBER(--RIGHT({g},2))))",
        error="数据所属期须为年份（2025）或年月（2025-06）",
        errorTitle="数据所属期",
    )
    for dv, col in ((number, "填报值"), (period, "数据所属期")):
        dv.add(f"{letter(col)}2:{letter(col)}{_MAX_ROWS + 1}")
        ws.add_data_validation(dv)
    for c, width in zip(COLUMNS, (24, 26, 8, 16, 16, 12, 12, 28, 22, 18, 36), strict=True):
        ws.column_dimensions[letter(c)].width = width
    for cell in ws[f"K2:K{last}"][0] if last >= 2 else ():
        cell.alignment = Alignment(wrap_text=True)
    ws.freeze_panes = "C2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    props = wb.properties
    props.title, props.identifier = plan.title_zh, plan.id
    props.subject = f"{plan.title_zh} 终期评估数据填报"
    props.keywords = f"plan={plan.id}; date={today.isoformat()}"
    props.creator = "analytics plan request"
    props.created = dt.datetime.combine(today, dt.time())
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
