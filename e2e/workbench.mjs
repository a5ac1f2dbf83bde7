// The workbench as a sponsor's team uses it, in Debian's headless Chromium.
// Usage: node e2e/workbench.mjs BASE_URL SCREENSHOT_DIR ANNUAL_REPORT CASE_ZIP
// CASE_ZIP is a zipped case folder of a company the server does not hold yet (688997).
// The server must hold 青云科技 (688316), 示例科技 (688999) and 四方科技 (603339, whose 2019
// annual report is ANNUAL_REPORT), a representative `wanghe` assigned to 688316 and 603339, and a reviewer `lizhen` assigned to 688316 only (both with password
// `a-long-secret`), and an administrator `root` (same password). Exits non-zero on the first failed expectation.
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import { download, launch, login as logIn, newPage } from "./lib.mjs";

const [base, shots, annualReport, caseZip] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

const browser = await launch();
const login = (page, name) => logIn(page, base, name);

try {
  const page = await newPage(browser);

  // The login page, then a wrong password.
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, "/login");
  await page.screenshot({ path: `${shots}/login.png` });
  await page.fill("#name", "wanghe");
  await page.fill("#password", "wrong");
  await page.click("button[type=submit]");
  assert.match(await page.textContent("main"), /用户名或密码不正确/);

  // The representative's portfolio and company page.
  await login(page, "wanghe");
  assert.match(await page.textContent("main"), /青云科技/);
  assert.doesNotMatch(await page.textContent("main"), /示例科技/);
  await page.screenshot({ path: `${shots}/portfolio.png`, fullPage: true });
  await page.click("text=青云科技");
  await page.waitForURL(`${base}/c/688316`);
  await page.screenshot({ path: `${shots}/company.png`, fullPage: true });
  await page.click("nav.tabs >> text=核查结果");
  const findings = await page.textContent("main");
  assert.match(findings, /commitment\.breach/);
  assert.match(findings, /违反承诺/);
  assert.match(findings, /于 2023-02-07 减持 20,000 股/);
  // Filtered to the errors: the one broken commitment.
  await page.selectOption("#f-severity", "error");
  await page.click("form.filters button");
  const errors = await page.locator("table tr").count();
  assert.equal(errors, 2, "the header and the one error");
  await page.screenshot({ path: `${shots}/company-findings.png`, fullPage: true });
  await page.click("nav.tabs >> text=工作底稿");

  // An invalid training comes back with the error beside the field.
  await page.click("text=新增培训");
  await page.fill("#new-trainings-year", "2023");
  await page.fill("#new-trainings-date", "2023-02-30");
  await page.fill("#new-trainings-summary", "董监高减持规则培训");
  await page.click("text=保存培训");
  assert.match(await page.textContent('form[action$="/records/trainings"]'), /不是有效的日期/);
  await page.screenshot({ path: `${shots}/company-error.png`, fullPage: true });

  // A valid one is saved and listed.
  await page.fill("#new-trainings-date", "2023-11-20");
  await page.click("text=保存培训");
  assert.match(await page.textContent("main"), /已保存：培训（worklog\/2023\.toml）/);
  assert.match(await page.locator("tr", { hasText: "董监高减持规则培训" }).textContent(), /2023\s*2023-11-20 · 董监高减持规则培训/);

  // An inspection is added to the 2023 work log.
  await page.click("text=新增现场检查");
  await page.fill("#new-inspections-year", "2023");
  await page.selectOption("#new-inspections-kind", "regular");
  await page.fill("#new-inspections-date", "2023-12-08");
  await page.fill("#new-inspections-summary", "查阅三会文件、募集资金专户");
  await page.click("text=保存现场检查");
  assert.match(await page.textContent("main"), /已保存：现场检查（worklog\/2023\.toml）/);

  // An announcement is added, then edited to mark it reviewed afterwards.
  await page.click("text=新增公告与定期报告");
  await page.fill("#new-announcements-id", "h1-2024");
  await page.fill("#new-announcements-date", "2024-08-28");
  await page.fill("#new-announcements-title", "《2024年半年度报告》");
  await page.selectOption("#new-announcements-kind", "semiannual_report");
  await page.fill("#new-announcements-year", "2024");
  await page.click("text=保存公告与定期报告");
  assert.match(await page.textContent("main"), /h1-2024/);
  const row = page.locator("tr", { hasText: "h1-2024" });
  await row.locator("summary").click();
  await row.locator('input[name="reviewed"]').fill("2024-09-02");
  await row.locator('input[name="reviewer"]').fill("王鹤");
  await row.locator("text=保存修改").click();
  assert.match(await page.textContent("main"), /已保存：公告与定期报告（events\.toml）/);
  assert.match(await page.locator("tr", { hasText: "h1-2024" }).textContent(), /h1-2024/);

  // A sale entered for the wrong holder is deleted, with the reason.
  await page.click("text=新增减持");
  await page.fill("#new-share_sales-id", "wrong-holder");
  await page.fill("#new-share_sales-date", "2024-06-03");
  await page.fill("#new-share_sales-holder", "甘泉");
  await page.fill("#new-share_sales-shares", "1000");
  await page.fill("#new-share_sales-average_price", "20.00");
  await page.click("text=保存减持");
  const sale = page.locator("tr", { hasText: "wrong-holder" });
  await sale.locator('input[name="reason"]').fill("卖方录错，应为黄允松");
  await sale.locator("text=删除").click();
  assert.equal(await page.locator("tr", { hasText: "wrong-holder" }).count(), 0);
  await page.screenshot({ path: `${shots}/company-records.png`, fullPage: true });

  // The tracking report downloads as a Word file, from the overview.
  await page.click("nav.tabs >> text=概览");
  const docx = await download(page, "a.button[href$='annual-tracking-2023.docx']");
  assert.ok(docx.length > 10000, "a real Word file");
  assert.equal(docx.subarray(0, 2).toString(), "PK");

  // An annual report uploaded for 四方科技: previewed, then accepted.
  await page.goto(`${base}/c/603339`);
  await page.setInputFiles("#ingest-report", annualReport);
  await page.click("text=读取并预览");
  const preview = await page.textContent("main");
  assert.match(preview, /2019 年度 营业收入\s*financials\.2019\.revenue\s*1,175,301,034\.32\s*第 5 页第 29 行/);
  assert.match(preview, /冲突\s*2019 年度 归属于上市公司股东的净利润\s*financials\.2019\.net_profit/);
  await page.screenshot({ path: `${shots}/ingest-preview.png`, fullPage: true });
  await page.click("text=确认写入案卷");
  // commitments (its ten), company, events, financials, shareholders (its ten holders) and sources.
  assert.match(await page.textContent("main"), /已保存：导入 2020-04-16_四方科技_603339_2019年年度报告\.pdf，改动 6 个文件/);
  await page.screenshot({ path: `${shots}/ingest-accepted.png`, fullPage: true });
  await page.goto(`${base}/c/688316`);

  // The audit trail records the change, in Beijing time.
  await page.click("nav.tabs >> text=审计");
  const audit = await page.textContent("main");
  assert.match(audit, /wanghe/);
  assert.match(audit, /worklog\/2023\.toml/);
  assert.match(audit, /case\.delete：卖方录错，应为黄允松/);
  assert.match(audit, /时间（北京时间）/);
  assert.match(audit, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await page.screenshot({ path: `${shots}/audit.png`, fullPage: true });

  // The reviewer reads but cannot edit, and another company is not found.
  const reviewer = await newPage(browser);
  await login(reviewer, "lizhen");
  await reviewer.goto(`${base}/c/688316?tab=findings`);
  assert.match(await reviewer.textContent("main"), /commitment\.breach/);
  await reviewer.goto(`${base}/c/688316?tab=records`);
  assert.equal(await reviewer.locator("text=保存培训").count(), 0, "no forms for a reviewer");
  const csrf = await reviewer.getAttribute("input[name=csrf]", "value");
  const post = await reviewer.request.post(`${base}/c/688316/records/trainings`, {
    form: { csrf, date: "2023-12-01", year: "2023", summary: "x" },
  });
  assert.equal(post.status(), 403);
  const other = await reviewer.goto(`${base}/c/688999`);
  assert.equal(other.status(), 404);
  await reviewer.screenshot({ path: `${shots}/not-found.png` });
  await reviewer.goto(`${base}/`);
  await reviewer.click("text=修改密码");
  assert.equal(await reviewer.locator("#again").count(), 1);
  await reviewer.screenshot({ path: `${shots}/password.png` });

  // The administrator sees the team and assigns the other company.
  const admin = await newPage(browser);
  await login(admin, "root");
  await admin.click("text=用户与分配");
  await admin.selectOption("#a-name", "lizhen");
  await admin.selectOption("#a-company", "688999");
  await admin.click('form[action="/admin/assignments"] button[value=assign]');
  assert.match(await admin.textContent("main"), /已将 688999 分配给 lizhen/);
  // A company from a zipped case folder, then assigned: the portfolio follows.
  await admin.setInputFiles("#n-zip", caseZip);
  await admin.click("text=上传并新增");
  assert.match(await admin.textContent("main"), /已新增公司 虚构科技（688997）/);
  await admin.selectOption("#a-name", "root");
  await admin.selectOption("#a-company", "688997");
  await admin.click('form[action="/admin/assignments"] button[value=assign]');
  await admin.goto(`${base}/`);
  assert.match(await admin.textContent("main"), /虚构科技/);
  await admin.goto(`${base}/admin`);
  await admin.screenshot({ path: `${shots}/admin.png`, fullPage: true });

  // The review loop: the portfolio filtered, a pending finding handled from its form, the
  // period's work written on its page, and the report signed off by the reviewer.
  await admin.goto(`${base}/?board=star&errors=on`);
  assert.match(await admin.textContent("main"), /青云科技/);
  assert.doesNotMatch(await admin.textContent("main"), /四方科技/);
  await admin.screenshot({ path: `${shots}/portfolio-filtered.png`, fullPage: true });
  await admin.goto(`${base}/c/688316?tab=findings&handling=pending`);
  const pending = admin.locator("tr", { has: admin.locator(".handling-pending") }).first();
  await pending.locator("summary", { hasText: "处理" }).click();
  await pending.locator("select[name=status]").selectOption("not_applicable");
  await pending.locator("textarea[name=account]").fill("公司2021年3月上市，当年现场检查于2022年1月完成（测试）");
  await admin.screenshot({ path: `${shots}/finding-form.png` });
  await pending.locator("button", { hasText: "保存处理" }).click();
  assert.match(await admin.textContent("main"), /已保存：核查结果的处理/);
  await admin.goto(`${base}/c/688316/period/2023`);
  await admin.screenshot({ path: `${shots}/period.png` });
  await reviewer.goto(`${base}/c/688316`);
  await reviewer.click("text=质控签核当前版本");
  assert.match(await reviewer.textContent("main"), /版本 1：lizhen 于/);
  await reviewer.screenshot({ path: `${shots}/signed-off.png`, fullPage: true });
  console.log("workbench: all expectations met");
} finally {
  await browser.close();
}
