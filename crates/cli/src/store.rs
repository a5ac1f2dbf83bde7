//! The commands of the team store: `import-case`, `export-case`, `user add|assign`,
//! `audit verify`. Each takes `--database URL` (`sqlite:PATH` or `postgres://…`); the
//! default is a SQLite file in the user's data folder, whose path is printed.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use dudao_model::{CaseFiles, parse_case};
use dudao_store::{Role, Store, StoreError};

use crate::Failure;

/// The `--database` option every store command takes.
#[derive(clap::Args)]
pub struct Database {
    /// 数据库地址：sqlite:路径 或 postgres://…；默认为用户数据目录下的 SQLite 文件 /
    /// the database: sqlite:PATH or postgres://…; default a SQLite file in the user's data folder
    #[arg(long, global = true)]
    database: Option<String>,
}

impl Database {
    /// The URL to open, printing the default one when it is used.
    fn url(&self) -> Result<String, Failure> {
        if let Some(url) = &self.database {
            return Ok(url.clone());
        }
        let url = Self::default_url()?;
        eprintln!("数据库：{url}");
        Ok(url)
    }

    /// The user's data folder, made if needed.
    fn data_dir() -> Result<PathBuf, Failure> {
        let home = std::env::var_os("DUDAO_HOME").map(PathBuf::from).or_else(|| {
            std::env::var_os("XDG_DATA_HOME")
                .map(|d| PathBuf::from(d).join("dudao"))
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/dudao")))
        });
        let dir = home.ok_or_else(|| Failure::BadInput("无法确定默认数据库位置：请用 --database 指定".into()))?;
        std::fs::create_dir_all(&dir).map_err(|e| Failure::Internal(format!("无法创建 {}（{e}）", dir.display())))?;
        Ok(dir)
    }

    /// The SQLite file in the user's data folder.
    fn default_url() -> Result<String, Failure> {
        Ok(format!("sqlite:{}", Self::data_dir()?.join("dudao.db").display()))
    }

    /// Where `serve` keeps the audit head it verified, outside the database: beside a SQLite
    /// file; for PostgreSQL, in the user's data folder, named by server and database (never
    /// the password).
    fn default_head_file(&self) -> Option<PathBuf> {
        let url = match &self.database {
            Some(url) => url.clone(),
            None => Self::default_url().ok()?,
        };
        if let Some(path) = url.strip_prefix("sqlite:") {
            return Some(PathBuf::from(format!("{path}.audit-head")));
        }
        let rest = url.split_once("://")?.1;
        let place = rest.rsplit_once('@').map_or(rest, |(_, place)| place).split('?').next()?;
        let name: String = place.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
        Some(Self::data_dir().ok()?.join(format!("postgres_{name}.audit-head")))
    }

    /// Opens the store, creating it if needed.
    pub async fn open(&self) -> Result<Store, Failure> {
        Store::open(&self.url()?).await.map_err(store_failure)
    }

    /// Opens the store only if it exists, whole (`Store::open_existing`).
    pub async fn open_existing(&self) -> Result<Store, Failure> {
        Store::open_existing(&self.url()?).await.map_err(store_failure)
    }
}

/// Maps a store error to the exit code it deserves.
pub fn store_failure(e: StoreError) -> Failure {
    match e {
        StoreError::Database(_) => Failure::Internal(e.to_string()),
        _ => Failure::BadInput(e.to_string()),
    }
}

/// Who the command-line user is, for the audit log.
pub fn actor() -> String {
    std::env::var("USER").map(|u| format!("{u}（命令行）")).unwrap_or_else(|_| "命令行".to_owned())
}

/// Runs `future` to completion on a small runtime of its own.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(future)
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// 案卷目录 / the case folder
    case: PathBuf,
    #[command(flatten)]
    database: Database,
}

/// `dudao import-case DIR`: the case is parsed first; a bad case stores nothing.
pub fn import(args: &ImportArgs) -> Result<(), Failure> {
    let files = CaseFiles::read(&args.case).map_err(|e| Failure::BadInput(e.to_string()))?;
    let case = parse_case(&args.case, &files).map_err(|e| Failure::BadInput(e.to_string()))?;
    block_on(async {
        let store = args.database.open().await?;
        let company = store.import_case(&case.company.company, &files, &actor()).await.map_err(store_failure)?;
        eprintln!("已导入 {}（{}），{} 个案卷文件", company.short_name, company.code, files.iter().count());
        Ok(())
    })
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// 公司：股票代码或简称 / the company: stock code or short name
    company: String,
    /// 输出目录 / the folder to write the case into
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    database: Database,
}

/// `dudao export-case NAME --out DIR`.
pub fn export(args: &ExportArgs) -> Result<(), Failure> {
    block_on(async {
        let store = args.database.open().await?;
        let code = store.code_of(&args.company).await.map_err(store_failure)?;
        let files = store.case_files(&code).await.map_err(store_failure)?;
        files.write(&args.out).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Failure::BadInput(e.to_string()),
            _ => Failure::Internal(format!("无法写入 {}（{e}）", args.out.display())),
        })?;
        eprintln!("已导出 {} 个案卷文件到 {}", files.iter().count(), args.out.display());
        Ok(())
    })
}

#[derive(clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
    #[command(flatten)]
    database: Database,
}

#[derive(Subcommand)]
enum UserCommand {
    /// 新增用户，密码从标准输入读取 / add a user; the password is read from standard input
    Add {
        /// 用户名 / login name
        name: String,
        /// 角色 / role
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// 把公司分配给用户 / assign a company to a user
    Assign {
        /// 用户名 / login name
        name: String,
        /// 公司：股票代码或简称 / company: stock code or short name
        company: String,
    },
    /// 取消分配 / take a company away from a user
    Unassign {
        /// 用户名 / login name
        name: String,
        /// 公司：股票代码或简称 / company: stock code or short name
        company: String,
    },
    /// 停用用户：不能再登录，会话与日历订阅立即失效 / disable a user: no login; sessions and feed end at once
    Disable {
        /// 用户名 / login name
        name: String,
    },
    /// 重新启用用户 / enable a disabled user again
    Enable {
        /// 用户名 / login name
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    /// 管理员：管理用户与分配 / manages users and assignments
    Admin,
    /// 保荐代表人：编辑分配的公司 / edits the companies assigned
    Representative,
    /// 复核人员：查阅分配的公司 / reads the companies assigned
    Reviewer,
}

/// `dudao user add|assign`.
pub fn user(args: &UserArgs) -> Result<(), Failure> {
    block_on(async {
        let store = args.database.open().await?;
        match &args.command {
            UserCommand::Add { name, role } => {
                let mut password = String::new();
                std::io::stdin().lock().read_line(&mut password).map_err(|e| Failure::Internal(e.to_string()))?;
                let password = password.trim_end_matches(['\n', '\r']);
                if let Some(problem) = dudao_store::password_problem(password) {
                    return Err(Failure::BadInput(format!("{problem}：请从标准输入提供，如 echo 'a-long-secret' | dudao user add …")));
                }
                let role = match role {
                    RoleArg::Admin => Role::Admin,
                    RoleArg::Representative => Role::Representative,
                    RoleArg::Reviewer => Role::Reviewer,
                };
                store.add_user(name, role, password, &actor()).await.map_err(store_failure)?;
                eprintln!("已新增用户 {name}（{}）", role.chinese());
            }
            UserCommand::Assign { name, company } => {
                let code = store.code_of(company).await.map_err(store_failure)?;
                store.assign(name, &code, &actor()).await.map_err(store_failure)?;
                eprintln!("已将 {code} 分配给 {name}");
            }
            UserCommand::Unassign { name, company } => {
                let code = store.code_of(company).await.map_err(store_failure)?;
                store.unassign(name, &code, &actor()).await.map_err(store_failure)?;
                eprintln!("已取消 {name} 对 {code} 的分配");
            }
            UserCommand::Disable { name } => {
                store.set_disabled(name, true, &actor()).await.map_err(store_failure)?;
                eprintln!("已停用 {name}：其登录、会话与日历订阅均已失效");
            }
            UserCommand::Enable { name } => {
                store.set_disabled(name, false, &actor()).await.map_err(store_failure)?;
                eprintln!("已重新启用 {name}");
            }
        }
        Ok(())
    })
}

#[derive(clap::Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
    #[command(flatten)]
    database: Database,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 重新计算审计日志的哈希链，并核对每个案卷文件与其最后一条审计记录 /
    /// recompute the audit log's hash chain and check every case file against its latest entry
    Verify {
        /// 上次核验时记下的末条（序号:哈希），用以发现末尾条目被删 /
        /// the last entry noted at an earlier check (ID:HASH), to catch entries removed from the end
        #[arg(long, value_name = "ID:HASH")]
        expect_head: Option<String>,
    },
}

/// An audit head as `audit verify` prints it: `ID:HASH`.
fn parse_head(text: &str) -> Option<(i64, String)> {
    text.trim().split_once(':').and_then(|(id, hash)| Some((id.parse::<i64>().ok()?, hash.to_owned()))).filter(|(_, hash)| hash.len() == 64)
}

/// `dudao audit verify`: `Ok(true)` when the chain or a file is broken.
pub fn audit(args: &AuditArgs) -> Result<bool, Failure> {
    let AuditCommand::Verify { expect_head } = &args.command;
    let anchor = match expect_head {
        Some(text) => Some(parse_head(text).ok_or_else(|| Failure::BadInput(format!("--expect-head {text}：应为“序号:哈希”，即上次核验时输出的末条")))?),
        None => None,
    };
    block_on(async {
        let store = args.database.open_existing().await?;
        if let Err(broken) = store.verify_audit().await.map_err(store_failure)? {
            println!("{broken}");
            return Ok(true);
        }
        if let Some((id, hash)) = &anchor
            && !store.has_audit_entry(*id, hash).await.map_err(store_failure)?
        {
            println!("审计日志中没有上次记下的第 {id} 条（哈希 {hash}）：末尾的条目被删除或替换");
            return Ok(true);
        }
        let head = store.audit_head().await.map_err(store_failure)?;
        let entries = head.as_ref().map_or(0, |(id, _)| *id);
        println!("审计日志完整：共 {entries} 条，哈希链逐条相符，案卷文件与审计记录一致");
        if let Some((id, hash)) = head {
            println!("末条：{id}:{hash}（请另行保存；下次以 --expect-head {id}:{hash} 核验，可发现末尾条目被删）");
        }
        Ok(false)
    })
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 监听地址，如 127.0.0.1:8080 或 localhost:8080 / the address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// 在终止 TLS 的反向代理之后运行：Cookie 标记为 Secure / behind a TLS-terminating proxy: mark cookies Secure
    #[arg(long)]
    secure_cookies: bool,
    /// 前置反向代理的地址（可重复）：来自它的请求按 X-Forwarded-For 所给的客户端地址限制登录尝试 /
    /// a reverse proxy in front (repeatable): requests from it are throttled by the client address its X-Forwarded-For gives
    #[arg(long, value_name = "ADDR")]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// 用户访问工作台的地址（如 https://dudao.example.com），用于日历订阅链接；默认为监听地址 /
    /// the address users reach the workbench at, for calendar-feed links (default: the listening address)
    #[arg(long)]
    base_url: Option<String>,
    /// 数据库尚无数据时新建（否则拒绝在空库上启动）/ create the store if the database holds none (else an empty one is refused)
    #[arg(long)]
    init: bool,
    /// 记录已核验审计日志末条的文件（在数据库之外）：启动时若数据库的审计日志止于其前则拒绝；
    /// 默认为 SQLite 数据库文件旁的 .audit-head，PostgreSQL 则在用户数据目录下 /
    /// the file keeping the last verified audit head, outside the database: a store whose trail
    /// ends before it is refused (default: beside a SQLite file; for PostgreSQL, in the user's data folder)
    #[arg(long)]
    audit_head: Option<PathBuf>,
    /// 多久更新一次该文件（秒）：更新前先核对上次记下的末条仍在审计日志中 /
    /// how often that file is brought up to date (seconds), after checking the head it kept is still in the log
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    audit_head_every: u64,
    /// 发送每日摘要邮件的 SMTP 服务器（主机:端口，内网中继，不加密不登录）/ the SMTP relay for the daily digest (host:port)
    #[arg(long, requires = "mail_from")]
    smtp: Option<String>,
    /// 每日摘要的发件人，如 "督导工作台 <dudao@sponsor.example>" / the digest's sender
    #[arg(long, requires = "smtp")]
    mail_from: Option<String>,
    /// 每日摘要的发送时间（北京时间，时:分）/ when the daily digest goes, Beijing time
    #[arg(long, default_value = "08:00", value_parser = parse_hour)]
    digest_at: (u8, u8),
    #[command(flatten)]
    database: Database,
}

/// `08:00`: an hour and a minute of the day.
fn parse_hour(text: &str) -> Result<(u8, u8), String> {
    text.split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u8>().ok()?, m.parse::<u8>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60 && text.len() == 5)
        .ok_or_else(|| format!("“{text}”不是有效的时间：应为 时:分，如 08:00"))
}

/// Keeps the audit head in `file` current while the server runs, every `every`: the head
/// written last must still be in the log before a newer one replaces it. A log whose end
/// was cut meanwhile is said on standard error, once, and the file keeps the head that shows
/// it (the next start refuses the store).
async fn keep_head(store: dudao_store::Store, file: PathBuf, every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        let Some((id, hash)) = std::fs::read_to_string(&file).ok().as_deref().and_then(parse_head) else { continue };
        match store.has_audit_entry(id, &hash).await {
            Ok(true) => {}
            Ok(false) => {
                eprintln!(
                    "审计日志中已没有第 {id} 条（{} 所记）：末尾的条目被删除或替换。请停止使用该数据库并核查；该文件保留原记录，下次启动将拒绝",
                    file.display()
                );
                return;
            }
            Err(_) => continue,
        }
        if let Ok(Some((newest, newest_hash))) = store.audit_head().await
            && newest != id
            && let Err(Failure::BadInput(why) | Failure::Internal(why) | Failure::Incomplete(why)) =
                crate::output::write_atomically(&file, format!("{newest}:{newest_hash}\n").as_bytes())
        {
            eprintln!("无法更新审计日志末条的记录：{why}");
        }
    }
}

/// `dudao serve`: the team workbench, until interrupted.
pub fn serve(args: &ServeArgs) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        // Never serve nothing as if the data were gone, nor data whose trail is broken.
        let store = if args.init { args.database.open().await? } else { args.database.open_existing().await? };
        if let Err(broken) = store.verify_audit().await.map_err(store_failure)? {
            return Err(Failure::BadInput(format!("{broken}：拒绝启动工作台。请用 dudao audit verify 核查，从备份恢复后再启动")));
        }
        // A trail cut consistently from its end hashes whole: the head kept outside the
        // database at the last start must still be in it.
        let head_file = args.audit_head.clone().or_else(|| args.database.default_head_file());
        if let Some(file) = &head_file {
            if let Ok(kept) = std::fs::read_to_string(file) {
                let (id, hash) =
                    parse_head(&kept).ok_or_else(|| Failure::BadInput(format!("{}：应为“序号:哈希”（上次启动时记下的审计日志末条）", file.display())))?;
                if !store.has_audit_entry(id, &hash).await.map_err(store_failure)? {
                    let message =
                        format!("审计日志中没有上次启动时核验的第 {id} 条（{} 所记）：末尾的条目被删除或替换，拒绝启动工作台。请从备份恢复", file.display());
                    return Err(Failure::BadInput(message));
                }
            }
            if let Some((id, hash)) = store.audit_head().await.map_err(store_failure)? {
                crate::output::write_atomically(file, format!("{id}:{hash}\n").as_bytes())?;
            }
            tokio::spawn(keep_head(store.clone(), file.clone(), std::time::Duration::from_secs(args.audit_head_every)));
        }
        // Bound before the address is printed, so a port in use is said at once.
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|e| Failure::BadInput(format!("无法监听 {}（{e}）：端口可能已被占用，可换一个端口，如 --addr 127.0.0.1:8081", args.addr)))?;
        let port = listener.local_addr().map_err(|e| Failure::Internal(e.to_string()))?.port();
        let host = args.addr.rsplit_once(':').map_or(args.addr.as_str(), |(host, _)| host);
        eprintln!("督导工作台：http://{host}:{port}");
        if store.users().await.map_err(|e| Failure::Internal(e.to_string()))?.is_empty() {
            eprintln!("提示：数据库中还没有用户，请先新建管理员：echo '至少八个字符的密码' | dudao user add admin --role admin");
        }
        let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{host}:{port}"));
        let mail = args.smtp.clone().zip(args.mail_from.clone()).map(|(relay, from)| dudao_web::Mail { relay, from, at: args.digest_at });
        if let Some(mail) = &mail {
            eprintln!("每日摘要：每天 {:02}:{:02}（北京时间）经 {} 发送", mail.at.0, mail.at.1, mail.relay);
        }
        let options =
            dudao_web::Options { secure_cookies: args.secure_cookies, base_url, mail, request_timeout: None, trusted_proxies: args.trusted_proxy.clone() };
        dudao_web::serve(store, listener, options).await.map_err(|e| Failure::Internal(format!("工作台已停止（{e}）")))
    })
}
