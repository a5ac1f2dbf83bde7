// From an uploaded annual report to an issued annual tracking report, in Debian's headless
// Chromium, without touching a file: the administrator starts 四方科技's case from its 2019
// annual report and assigns it; the representative supplies every missing fact through the
// period's page and handles a finding; the reviewer signs off; the representative issues the
// version and downloads the Word file.
// Usage: node e2e/from-report.mjs BASE_URL SCREENSHOT_DIR ANNUAL_REPORT
// The server must not hold 四方科技 (603339) yet; it must have an administrator `root`, a
// representative `wanghe` and a reviewer `lizhen` (crates/web/tests/common/mod.rs makes them).
// Exits non-zero on the first failed expectation.
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import { download, launch, login, newPage } from "./lib.mjs";

const [base, shots, annualReport] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launch();

try {
  // The administrator starts the case from the annual report and assigns it to the team.
  const admin = await newPage(browser);
  await login(admin, base, "root");
  await admin.click("text=用户与分配");
  await admin.setInputFiles("#n-report", annualReport);
  await admin.screenshot({ path: `${shots}/20-upload.png`, fullPage: true });
  await admin.click("text=读取并建立");
  assert.match(await admin.textContent("main"), /已新增公司 四方科技（603339）/);
  for (const name of ["wanghe", "lizhen"]) {
    await admin.selectOption("#a-name", name);
    await admin.selectOption("#a-company", "603339");
    await admin.click('form[action="/admin/assignments"] button[value=assign]');
    assert.match(await admin.textContent("main"), new RegExp(`已将 603339 分配给 ${name}`));
  }
  await admin.screenshot({ path: `${shots}/21-assigned.png`, fullPage: true });

  // The representative finds the new company in the portfolio; its overview lists what the
  // 2019 tracking report still lacks, each linked to the form on the period's page.
  const rep = await newPage(browser);
  await login(rep, base, "wanghe");
  assert.match(await rep.textContent("main"), /四方科技/);
  await rep.click("text=四方科技");
  await rep.waitForURL(`${base}/c/603339`);
  const tracking = rep.locator("details", { hasText: "worklog/2019.toml items.1" });
  await tracking.locator("summary", { hasText: "2019年度：尚缺" }).click();
  const items = tracking.locator("a[href='/c/603339/period/2019#items']");
  const narrative = tracking.locator("a[href='/c/603339/period/2019#narrative']");
  for (let n = 1; n <= 16; n++) {
    assert.equal(await items.filter({ hasText: new RegExp(`第 ${n} 项`) }).count(), 1, `item ${n} asked for`);
  }
  assert.equal(await narrative.count(), 2, "two narratives asked for");
  await rep.screenshot({ path: `${shots}/22-missing.png`, fullPage: true });

  // On the period's page: the sixteen duties, no problems found, then the two narratives.
  await items.first().click();
  await rep.waitForURL(`${base}/c/603339/period/2019#items`);
  await rep.screenshot({ path: `${shots}/23-period.png` });
  for (let n = 1; n <= 16; n++) {
    await rep.fill(`#item-${n}`, `第${n}项工作已按规定完成（测试用表述）`);
  }
  await rep.check("input[name=problems_none]");
  await rep.click("text=保存工作记录");
  assert.match(await rep.textContent("main"), /已保存：工作记录/);
  assert.equal(await rep.inputValue("#item-16"), "第16项工作已按规定完成（测试用表述）");
  assert.equal(await rep.locator("input[name=problems_none]").count(), 0, "problems = [] is stated now");
  await rep.screenshot({ path: `${shots}/24-items-saved.png`, fullPage: true });
  for (const [stem, heading, text] of [
    ["disclosure_review", "二、保荐机构对上市公司信息披露审阅的情况", "保荐机构审阅了公司2019年度的信息披露文件（测试用表述）。"],
    ["violations", "三、重大违规事项", "2019年度，公司不存在应向中国证监会和上海证券交易所报告的事项（测试用表述）。"],
  ]) {
    const form = rep.locator(`form[action*="/narrative/${stem}#"]`);
    assert.equal((await form.locator("label").textContent()).trim(), heading);
    await form.locator("textarea").fill(text);
    await form.locator("button", { hasText: "保存" }).click();
    assert.match(await rep.textContent("p.notice"), new RegExp(`已保存：${heading}`));
    assert.equal((await rep.inputValue(`#n-${stem}`)).trim(), text, "the narrative is kept (as a file, with its last newline)");
  }
  await rep.locator("#narrative").scrollIntoViewIfNeeded();
  await rep.screenshot({ path: `${shots}/25-narrative-saved.png` });

  // A pending finding handled from its form: 2019's on-site inspection, overdue.
  await rep.goto(`${base}/c/603339`);
  await rep.click("nav.tabs >> text=核查结果");
  await rep.selectOption("#f-handling", "pending");
  await rep.click("form.filters button");
  const overdue = rep.locator("tr", { hasText: "完成年度现场检查（2019年度）" });
  assert.equal(await overdue.count(), 1);
  assert.equal(await overdue.locator(".handling-pending").count(), 1);
  await overdue.locator("summary", { hasText: "处理" }).click();
  await overdue.locator("select[name=status]").selectOption("handled");
  await overdue.locator("textarea[name=account]").fill("已于2019年12月完成现场检查，检查记录另行归档（测试用表述）");
  await rep.screenshot({ path: `${shots}/26-finding-form.png`, fullPage: true });
  await overdue.locator("button", { hasText: "保存处理" }).click();
  assert.match(await rep.textContent("main"), /已保存：核查结果的处理/);
  const handled = rep.locator("tr", { hasText: "完成年度现场检查（2019年度）" });
  assert.equal(await handled.locator(".handling-handled").count(), 1);
  assert.match(await handled.textContent(), /已于2019年12月完成现场检查/);
  await rep.screenshot({ path: `${shots}/27-finding-handled.png`, fullPage: true });

  // Nothing is missing now: the overview offers the report itself.
  await rep.click("nav.tabs >> text=概览");
  assert.equal(await rep.locator("a.button[href='/c/603339/report/annual-tracking-2019.docx']").count(), 1, "the report is ready");
  assert.equal(await rep.locator("a[href='/c/603339/period/2019#items']").count(), 0, "no work item asked for");
  await rep.screenshot({ path: `${shots}/28-ready.png`, fullPage: true });

  // The reviewer signs off from the company page's button.
  const reviewer = await newPage(browser);
  await login(reviewer, base, "lizhen");
  await reviewer.click("text=四方科技");
  await reviewer.waitForURL(`${base}/c/603339`);
  await reviewer.click("form[action='/c/603339/documents/annual-tracking-2019/sign-off'] button");
  assert.match(await reviewer.textContent("main"), /已保存：签核 .*版本 1/);
  assert.match(await reviewer.textContent("main"), /版本 1：lizhen 于/);
  await reviewer.screenshot({ path: `${shots}/29-signed-off.png`, fullPage: true });

  // The representative issues version 1 and downloads the Word file.
  await rep.reload();
  await rep.click("form[action='/c/603339/versions/1/issue'] button");
  assert.match(await rep.textContent("main"), /已保存：出具 年度持续督导跟踪报告（2019年度）版本 1/);
  assert.match(await rep.textContent("main"), /版本 1：lizhen 于 .* 签核，wanghe 于 .* 出具/);
  assert.equal(await rep.locator("form[action='/c/603339/versions/1/issue']").count(), 0, "issued once");
  await rep.screenshot({ path: `${shots}/30-issued.png`, fullPage: true });
  const docx = await download(rep, "a.button[href='/c/603339/report/annual-tracking-2019.docx']");
  assert.ok(docx.length > 10000, "a real Word file");
  assert.equal(docx.subarray(0, 2).toString(), "PK");
  const kept = await rep.request.get(`${base}/c/603339/versions/1.md`);
  assert.equal(kept.status(), 200);
  const markdown = await kept.text();
  assert.ok(markdown.startsWith("# 广发证券股份有限公司关于四方科技集团股份有限公司2019年度持续督导年度报告书\n"), markdown.slice(0, 200));
  assert.ok(markdown.includes("第16项工作已按规定完成（测试用表述）"), "the typed duties are in the kept version");
  assert.ok(!markdown.includes("【待补充"), "nothing left to supply");
  console.log("from-report: all expectations met");
} finally {
  await browser.close();
}
