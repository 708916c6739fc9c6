# Jiekang interface messages, Chinese (the source language).
# Ids are kebab-case, grouped by page; the other language's file has the same ids with the
# same arguments (the http tests check it). Domain words (states, steps, roles, …) are not
# here: their messages come from the domain's label_zh()/label_en() (src/i18n/labels.rs).

## Account pages (account_*.html, pages/account.rs, pages/sessions.rs)

account-at-least-12-characters = 至少12个字符,包含大写字母、小写字母、数字、符号中的至少三类。修改后需重新登录。
account-awaiting-second-factor = 待两步验证
account-change-password = 修改密码
account-client-address = 客户端地址
account-current-password = 当前密码
account-current-password-wrong = 当前密码不正确
account-initial-or-reset-password = 这是初始或重置后的密码,请先设置新密码再继续使用。
account-last-activity = 最近活动
account-log-out-all-other = 退出其他所有会话
account-logged = 登录时间
account-logins-account-that-are = 您的账户当前有效的登录。发现不认识的登录,请退出该会话并修改密码。时间为北京时间。
account-new-password = 新密码
account-new-password-again = 再次输入新密码
account-new-password-must-differ = 新密码不能与当前密码相同
account-session = 当前会话
account-sessions = 登录会话
account-two-new-passwords-differ = 两次输入的新密码不一致

## The agreement page (its body stays Chinese)

agreement-agreement-chinese-legal-document = 本协议是中文法律文书,在两种界面语言下都以中文打印。
agreement-back-case = 返回案件
agreement-print-agreement-with-browsers = · 使用浏览器的“打印”功能打印本协议
agreement-title = 协议 · { $name }

## Audit trail (audit.html, pages/audit.rs); audit-action-* are the action codes

audit-action-login-locked = 登录被拒(账户已锁定)
audit-action-login-lockout = 锁定登录
audit-action-login-password = 密码正确(待两步验证)
audit-action-person-update = 修改档案
audit-action-person-break-glass = 紧急查阅授权
audit-action-person-read-break-glass = 紧急查阅档案
audit-action-person-duplicate-refused = 重复证件号码被拒
audit-action-task-export = 导出待办事项
audit-action-queue-export = 导出工作任务
audit-action-dashboard-export = 导出督导统计
audit-action-session-revoked = 退出会话
audit-action-session-revoked-others = 退出其他会话
audit-action-sweep-run = 每日核查
audit-action-task-answered = 答复待办事项
audit-action-totp-enrolled = 启用两步验证
audit-action-totp-enrol-failed = 两步验证绑定失败
audit-action-totp-disabled = 关闭两步验证
audit-action-totp-failed = 两步验证码错误
audit-action-totp-replayed = 两步验证码重复使用
audit-action-case-read = 查阅案件
audit-action-case-create = 录入决定
audit-action-case-test = 登记检测
audit-action-case-talk = 登记帮教谈话
audit-action-case-search = 登记查找
audit-action-case-alert-requested = 提请网上布控
audit-action-case-warning = 登记告诫
audit-action-case-leave-requested = 登记请假
audit-action-case-leave-decided = 审批请假
audit-action-case-leave-returned = 登记请假返回
audit-action-case-absence = 登记擅自离开
audit-action-case-police-notified = 登记已通报公安
audit-action-case-work-group = 更新工作小组
audit-action-mine-export = 导出我的人员
audit-action-case-risk-assessed = 风险评估
audit-action-case-assigned = 指定责任社工、责任民警
audit-action-risk-scheme-created = 保存风险评估方案新版本
audit-action-case-handover-received = 确认接收移交
audit-action-case-attachment-add = 上传附件
audit-action-case-attachment-read = 查看附件
audit-action-case-read-transferred = 查阅已变更执行地的案件存根
audit-action-case-step = 办理案件:{ $step }
audit-action-admin = 管理操作(账号与单位)
audit-action-audit-export = 导出审计日志
audit-action-audit-search = 查询审计日志
audit-action-calendar-import = 录入节假日安排
audit-action-login = 登录
audit-action-login-failed = 登录失败
audit-action-person-create = 登记人员
audit-action-person-export = 导出人员名单
audit-action-person-read = 查看档案
audit-action-totp-reset = 重置用户两步验证
audit-action-unit-created = 新建单位
audit-action-unit-renamed = 单位更名
audit-action-unit-retired = 撤销单位
audit-action-user-created = 新建用户账号
audit-action-user-disabled = 停用用户账号
audit-action-user-enabled = 启用用户账号
audit-action-user-password-changed = 本人修改密码
audit-action-user-password-reset = 重置用户密码
audit-choose-unit-from-list = 请选择列表中的单位
audit-clear = 清除条件
audit-client = 客户端
audit-dates-look-like-year = 日期格式应为 年-月-日,例如 2026-01-31
audit-details = 详情
audit-end-date-cannot-before = 结束日期不能早于开始日期
audit-from = 开始日期
audit-full-username = 完整用户名
audit-matching = 符合条件 { $count } 条
audit-no = 编号
audit-no-audit-records-match = 没有符合条件的审计记录。可放宽查询条件,或
audit-object = 对象
audit-person-number = 人员编号
audit-person-number-positive-whole = 人员编号应为正整数
audit-please-correct-marked-search = 请更正下列标出的查询条件。
audit-search-fields-are-wrong = 查询条件有误,未执行查询。
audit-see-all = 查看全部。
audit-to = 结束日期
audit-what-users-unit-units = 本单位及下级单位用户的操作记录(无操作用户的记录属于最上级单位)。日期按北京时间。每次查询和导出也会记入审计日志。

## Every page (base.html)

base-jiekang-personal-information-protected = 戒康 Jiekang · 依法保护个人信息(《戒毒条例》第七条)

## Holiday calendar (calendar.html, pages/calendar.rs); calendar-day-* are the day kinds

calendar-answer = { $date }:{ $answer }
calendar-answer-holiday = 休息日({ $name })
calendar-answer-make-up-day = 工作日(调休上班:{ $name })
calendar-answer-provisional = { $year }年的节假日安排尚未录入(calendar unknown for { $year });暂按{ $kind }计(暂定)
calendar-command-line = 命令行
calendar-day-holiday = 放假
calendar-day-workday = 调休上班
calendar-enter-or-correct-years = 录入或更正年度通知
calendar-entered-year-replaces-that = 录入的年度整体替换该年数据;以往录入保留为历史,并记入审计日志。也可用命令
calendar-entries-force = 录入记录(现行)
calendar-import-command-end = 。
calendar-imported = 已录入 { $count } 个年度的节假日安排,即时生效。
calendar-known-years = 已知年度
calendar-look-up-date = 查询日期
calendar-name = 名称
calendar-new-years-day = 元旦
calendar-notice-one-line-each = 通知内容(每行:日期 [Tab] holiday 或 workday [Tab] 名称,可选 #year 行)
calendar-rest-day = 休息日
calendar-rest-day-weekend = 休息日(周末)
calendar-stored = { $year }年 · { $who } · { $at }
calendar-working-day = 工作日
calendar-working-days-follow-state = 工作日按国务院办公厅通知(含调休)计算。
calendar-year-arrangements = { $year }年安排
calendar-year-entered = { $year }(录入)
calendar-year-not-entered-monday = 未录入年度的日期按“周一至周五为工作日”暂定计算,并标明“暂定”;录入该年度通知后自动重新计算。
calendar-year-not-entered-yet = { $year }年的节假日安排尚未录入。

## The case page (case.html, pages/cases.rs, case_input.rs)

case-agreement = 协议
case-agreement-signed = { $date } 已签订 ·
case-all-windows = 全部 { $count } 个检测周期
case-approve = 批准
case-ask-police-online-alert = 提请公安网上布控
case-attachment-kind-cannot-read = 附件类别无法读取
case-attachment-kind-decision = 决定书
case-attachments = 附件
case-awaiting-acknowledgment = 待接收
case-back = 返回日期
case-back-today = 登记今日返回
case-before-compulsory-isolation-check = 强制隔离戒毒前须核查:
case-breaches = 违反协议
case-btn-police-informed = 登记通报公安
case-choose-file-upload = 请选择要上传的文件
case-circumstances = 情况
case-collected-by = 采集:{ $who } ·
case-community-rehabilitation-needs-term = 社区康复须填写决定期限(年)
case-content = 内容
case-content-current-conduct = 内容与现实表现
case-counselling-other-records = 帮教与其他登记
case-date-decision-was-served = 决定书送达本人日期
case-deadline-notified = { $deadline } · 已通知 { $date }
case-deadline-reported = { $deadline } · 已报到 { $date }
case-decision = 决定
case-decision-facts = { $organ } { $number },{ $date }
case-decision-facts-term = { $organ } { $number },{ $date },期限 { $years } 年
case-destination = 前往地点
case-done = 已检
case-enter-date = 请填写日期
case-enter-whole-number-from = 请填写 1 到 3 的整数
case-entered-by = 录入:{ $who } { $at }
case-female-worker-present-womans = 有女性工作人员在场(女性尿样须由女性采集)
case-file-empty = 文件为空
case-file-pdf-jpeg-png = 文件(PDF、JPEG、PNG,不超过 { $max } MB)
case-file-too-large = 文件不能超过 { $max } MB
case-file-too-large-or = 文件过大或上传中断
case-form-has-expired-reload = 表单已过期,请刷新页面
case-from = 起止
case-hand-overs-sent-acknowledged = 移交(必送必接)
case-inform = 待通报
case-kind = 方式
case-leave = 请假
case-leave-destination = 前往
case-leave-request-away-from = 请假外出(离开县域3日以上)
case-leaving = 离开日期
case-left-county-without-leave = 擅自离开县域
case-members-one-line-name = 成员(每行一人:姓名、身份——专职人员、社区民警、医务人员、家属、志愿者)
case-negative = 阴性
case-next-planned-test = 下次计划检测
case-next-talk = 下次谈话
case-no-attachments-yet = 尚无附件。
case-no-hand-overs-yet = 尚无移交记录。
case-no-tests-yet = 尚无检测记录。
case-none-refused-evaded = 无(拒检/逃避)
case-not-signed = 未签订
case-note = 说明
case-nothing-recorded-yet = 尚无记录。
case-notice = 通知书
case-notified-late = 逾期通知
case-only-pdf-jpeg-or = 只接受 PDF、JPEG 或 PNG 文件
case-other = 其他
case-period = 期间
case-place-searched = 查找地点
case-planned = 计划日期
case-planned-provisional = { $date }(暂定)
case-planned-test-otherwise-surprise = 计划内检测(否则为随机检测)
case-please-choose = 请选择
case-police-informed = 通报公安
case-positive = 阳性
case-print-agreement = 打印协议
case-received = 接收
case-receiving-township-or-community = 接收的乡镇(街道)或社区
case-receiving-unit = 接收单位
case-record-footer = 录入:{ $created-by } { $created-at } · 最近维护:{ $updated-by } { $updated-at } · 本页的每次查阅都已记入审计日志。
case-record-test = 登记检测
case-record-warning = 登记告诫
case-refuse = 不批准
case-refused-or-evaded-tests = (拒检/逃避检测 { $count } 次)
case-remarks = 备注
case-report-due = 报到期限
case-required-windows-begun = 应检(已开始的周期)
case-result = 结果
case-sample = 样本
case-sample-b-number-site = B样编号(现场阳性)
case-sample-number-site-positive = A样编号(现场阳性)
case-save-search = 保存查找记录
case-save-talk = 保存谈话
case-save-test = 保存检测
case-search-records-absconded = 脱失查找记录
case-searched-by = 查找人
case-sent = 移交
case-served = 送达
case-served-both = 本人 { $date };家属 { $family }
case-served-family-only = 本人未登记;家属 { $family }
case-served-person = 本人 { $date }
case-service-person-not-recorded = 本人未登记
case-someone-else-changed-case = 该案件已被他人修改,以下为最新内容,请核对后重新提交
case-starts-at-report = 报到后起算
case-submit-request = 提交请假
case-substances-found-positive = 检出物质(阳性填写)
case-talk-due-by = { $date } 前
case-talk-home-visit = 谈心谈话 / 家访
case-talked-with-by = 谈话人
case-test-date = 检测日期
case-test-kind = 检测方式
case-test-schedule-compliance = 检测计划与执行情况
case-test-schedule-drawn-at = 报到后生成检测计划(计划日期不告知本人)。
case-tested-at-surprise = { $time }(随机)
case-tester-1 = 检测人员一
case-tester-2 = 检测人员二
case-testers = 检测人员
case-testers-pair = { $first }、{ $second }
case-tests = 检测记录
case-tests-total = 共 { $count } 次
case-timeline = 时间线
case-times-look-like-09 = 时间格式应为 09:30
case-township-notification-due = 通知乡镇期限
case-transfer = 变更执行地至
case-transfer-pending = { $unit }(待接收)
case-transfer-request = 本案件由 { $unit } 申请变更执行地至本单位,请核对后接收或拒绝。
case-accept-into-community = 由本单位哪个社区执行
case-transferred-title = 已变更执行地
case-transferred-to = 已变更执行地至 { $unit }({ $date })
case-transferred-from = 原执行地
case-transferred-dates = 申请与接收
case-transferred-requested-accepted = { $requested } 申请,{ $accepted } 接收
case-transferred-only-until = 本单位只能查看变更前的记录(截至接收之日);此后的检测、帮教和计划由新执行地负责。
case-unknown-kind-record = 未知的登记事项
case-upload = 上传附件
case-upload-cannot-read = 上传的内容无法读取
case-warning = 告诫
case-window = 周期
case-window-done = 已完成
case-window-missed = 漏检
case-window-number = 第{ $number }期
case-window-open = 进行中
case-window-upcoming = 未开始
case-work-group-members = 工作小组成员

case-confirm-title = 确认:{ $step }
case-confirm-button = 确认{ $step }
case-confirm-cancel = 返回案件,不办理
case-confirm-terminate = 终止后本案结束,不再检测、帮教,也不能恢复执行;仅在被判处刑罚或被采取强制性教育措施时办理(《戒毒条例》第二十四条)。
case-confirm-refer-to-police = 移交公安后,由公安机关决定是否强制隔离戒毒;在公安作出决定前本案不能继续办理其他步骤。
case-confirm-expire = 期满解除后本案结束,不再检测、帮教;公安机关应在7日内通知乡镇(街道)并送达解除通知书(《戒毒条例》第二十三条)。
case-confirm-decide-isolation = 决定强制隔离戒毒后本案结束,人员转入强制隔离戒毒场所(《禁毒法》第三十八条),本案不能恢复。
case-confirm-other = 请核对后确认。
case-warning-due = 应予告诫,尚未登记
case-warned = 已告诫:{ $date } · { $who } · { $how }
case-record-return = 登记返回
case-window-refused = 拒检
case-warned-by = 告诫人
case-warning-manner = 告诫方式
case-leave-requested-on = 申请日期
case-decided-on = 审批日期
case-returned-on = 返回日期
case-informed-on = 通报日期
case-alert-on = 提请日期
## Recording a decision (case_new.html)

case-new-basis-execution-place = 执行地依据
case-new-deciding-organ = 决定机关
case-new-decision-number = 决定书文号
case-new-e-g-dongsheng-district = 如:东胜区公安分局
case-new-execution-place-township-or = 执行地(乡镇街道或社区)
case-new-police-notify-township-hand = 公安应在决定之日起7个工作日内通知乡镇(街道)并移交材料;期限由系统按法定节假日计算。
case-new-record-community-detoxification-rehabilitation = 录入社区戒毒/社区康复决定
case-new-save-decision = 保存决定
case-new-served-family = 送达家属日期
case-new-served-person-report-deadline = 送达本人日期(报到期限自此起算)
case-new-term-years-community-rehabilitation = 决定期限(年,社区康复填写)
case-new-title = 录入决定 · { $name }
case-new-work-group-members-one = 工作小组成员(每行一人:姓名、身份)

## Words several pages share

common-account = 账户
common-actions = 操作
common-age = 年龄
common-all = 全部
common-audit-trail = 审计日志
common-choose-unit = 请选择所属单位
common-city-supervision = 全市督导
common-code = 验证码
common-create = 新建
common-date = 日期
common-date-format = 日期格式应为 2024-10-08
common-decided = 决定日期
common-district-at-glance = 旗区概况
common-drugs-used = 滥用毒品种类
common-edit-identity-history = 维护身份与经历
common-emergency-look-up-outside = 紧急查阅辖区外人员
common-enter = 录入
common-ethnicity = 民族
common-execution-place = 执行地
common-export-excel = 导出Excel
common-female = 女
common-filter = 筛选
common-former-names = 曾用名
common-from-open = { $from } 至
common-from-to = { $from } 至 { $to }
common-holiday-calendar = 节假日安排
common-home = 首页
common-household-registration = 户籍地
common-id-number = 证件号码
common-kind = 类别
common-log = 登录
common-log-out = 退出
common-male = 男
common-measure = 措施
common-name = 姓名
common-next-page = 下一页
common-overdue = 逾期
common-own-unit = 所属单位
common-person = 人员
common-person-label = 人员:
common-persons = 人员档案
common-phone = 联系电话
common-please-correct-marked-fields = 请更正下列标出的内容。
common-reason = 事由
common-record = 登记
common-register-person = 登记人员
common-residence = 现居住地
common-save = 保存
common-search = 查询
common-sex = 性别
common-status = 状态
common-steps = 办理
common-tasks = 待办事项
common-term = 期限
common-time = 时间
common-two-step-verification = 两步验证
common-unit = 单位
common-units = 组织机构
common-unknown = 未知
common-user = 用户
common-username = 用户名
common-users = 用户管理
common-valid = 有效
common-work-queues = 工作任务

## Supervision dashboards (dashboard.html, pages/dashboard.rs)

dashboard-chart-below-total = { $percent } 低于合计
dashboard-chart-figure = { $percent }
dashboard-chart-total = 合计 { $percent }
dashboard-control-rate = 管控率
dashboard-counted-at = 本次统计于 { $time }(名单实时)
dashboard-district = 旗区
dashboard-execution-rate = 执行率
dashboard-execution-rate-by-unit = 各单位执行率
dashboard-execution-rate-compared = 执行率对比
dashboard-execution-rate-persons-reported = 执行率 = 已报到且未脱失的人数 ÷ 决定已送达且未结束的人数;管控率 = 去向明确(未脱失、未逾期报到)的人数 ÷ 在管人数(《全国社区戒毒社区康复工作规划》口径,见 D5)。
dashboard-green-not-below-total = 绿色:不低于合计;橙色并标注“低于合计”:低于合计;虚线:合计执行率。
dashboard-no-community-detoxification-or = 辖区内还没有社区戒毒、社区康复决定,暂无统计数字。公安机关录入决定后,这里按{ $level }显示各项数字。
dashboard-no-data = 无数据
dashboard-not-counted-yet = 尚未统计
dashboard-persons-by-state = 各状态人数
dashboard-reported-not-absconded-served = 已报到且未脱失 / 已送达未期满({ $ratio })
dashboard-side-by-side-by = 按{ $level }并列。各状态人数实时;逾期、到期数字每分钟更新。点击数字查看名单。
dashboard-subordinate-unit = 下级单位
dashboard-supervision = 督导统计
dashboard-total = 合计
dashboard-township-street = 乡镇(街道)
dashboard-updating = 正在更新
dashboard-whereabouts-known-under-supervision = 去向明确 / 在管({ $ratio })
dashboard-work-figures = 工作指标

## Refusals of jiekang-domain (src/i18n/domain.rs; the ones without arguments are also shown through Msg::recorded)

domain-document-character = 证件号码第{ $position }位“{ $found }”不是字母或数字
domain-document-length = 证件号码应为5–20位字母或数字,实为{ $len }位
domain-id-address-code = 地址码{ $code }无效(前两位不是省级行政区划代码)
domain-id-birth-date = 出生日期{ $date }不存在
domain-id-birth-date-early = 出生日期{ $date }早于1900年
domain-id-birth-date-future = 出生日期{ $date }晚于今天
domain-id-checksum = 校验码错误:最后一位应为{ $expected },实为{ $found }
domain-id-length = 身份证号码应为18位(或旧式15位),实为{ $len }位
domain-id-non-digit = 身份证号码第{ $position }位“{ $found }”不是数字
domain-new-password-cannot-one = 新密码不能与最近5次使用过的密码相同
domain-password-needs-three-capital = 密码需包含大写字母、小写字母、数字、符号中的至少三类
domain-password-too-long = 密码不能超过{ $max }个字符
domain-password-too-short = 密码至少需要{ $min }个字符
domain-result-needs-sample-kind = 有检测结果时须填写样本种类
domain-site-positive-split-into = 现场检测阳性须将样本分为A、B两份并填写编号
domain-text-bad-character = 含有不允许的字符
domain-text-empty = 不能为空
domain-text-field-bad-character = { $field }含有不允许的字符
domain-text-field-empty = { $field }不能为空
domain-text-field-too-long = { $field }不能超过{ $max }个字符
domain-text-field-too-short = { $field }不能少于{ $min }个字符
domain-text-too-long = 不能超过{ $max }个字符
domain-text-too-short = 不能少于{ $min }个字符
domain-two-workers-must-present = 检测须有两名工作人员在场,请填写两名不同的检测人员
domain-unit-code-malformed = 单位代码只能由数字组成,长度为6、9或12位
domain-unit-code-not-under = 单位代码 { $child } 不属于上级单位 { $parent }
domain-unit-no-child-level = { $level }下不能再设下级单位
domain-womans-urine-sample-must = 女性人员的尿样须由女性工作人员采集
domain-date-before-decision = 日期 { $date } 早于决定日期 { $decided }
domain-date-before-report-in = 日期 { $date } 早于报到日期 { $reported }
domain-date-in-future = 日期 { $date } 晚于今天,不能登记将来发生的事项
domain-date-out-of-range = 日期超出可计算范围
domain-expiry-before-term-end = 期满解除日期 { $date } 早于期满后的第一天 { $earliest }
domain-illegal-transition = 当前状态为「{ $state }」,不能执行「{ $step }」
domain-report-in-before-service = 报到日期 { $date } 早于决定书送达日期 { $served }
domain-suspension-after-term-end = 中止期间起日 { $from } 晚于期满日 { $last }
domain-suspension-before-report-in = 中止期间起日 { $from } 早于报到日 { $reported }
domain-suspension-reversed = 中止期间起日 { $from } 晚于止日 { $to }
domain-suspensions-overlap = 中止期间 { $from } 至 { $to } 与 { $second } 起的中止期间重叠
domain-term-detox-years = 社区戒毒期限为3年,不能决定为{ $years }年
domain-term-rehab-years = 社区康复期限须为1至3整年,不能为{ $years }年
domain-term-rehab-years-missing = 社区康复须写明决定期限

## Emergency access

emergency-confirm-emergency-look-up = 确认紧急查阅
emergency-emergency-look-ups-my = 本辖区的紧急查阅记录
emergency-full-id-number = 完整证件号码
emergency-granted = 授权时间
emergency-looked-up-by = 查阅人
emergency-no-emergency-look-ups = 没有紧急查阅记录。
emergency-no-person-with-id = 没有该证件号码的人员
emergency-only-when-truly-needed = 仅在确有必要时使用:须输入完整证件号码并写明事由;授权 { $hours } 小时内有效,每次查阅均记入审计日志,并向双方单位的上级显示。
emergency-person-looked-up = 被查阅人员
emergency-reason-label = 查阅事由(不少于 { $min } 个字)
emergency-reason-required = 请写明查阅事由(不少于 { $min } 个字)
emergency-records = { $count } 条
emergency-valid-until = 有效至

## Error pages and AppError

error-back-home-page = 回到首页
error-code = 错误代码 { $status }
error-csrf = 表单已过期,请刷新页面后重新提交
error-forbidden = 您没有执行此操作的权限
error-internal = 系统内部错误,请稍后重试
error-invalid = 提交的内容有误
error-not-found = 页面或记录不存在
error-something-went-wrong = 出错了
error-stale = 该记录已被他人修改,请刷新后重试
error-unauthorized = 请先登录

## Kinds of hand-over (by code)

handover-kind-police = 公安移交决定书及材料
handover-kind-transfer = 变更执行地移交

## Home page (home.html, pages/home.rs)

home-administration = 系统管理
home-audit = 审计
home-civil-affairs = 民政
home-clinics-work-queues-come = 门诊工作队列将随美沙酮维持治疗功能提供。
home-community-police-desk = 社区民警工作台
home-districts-side-by-side = 各旗区同口径并列比较,哪里滞后一目了然。
home-hand-overs-acknowledge-persons = 待接收的移交、未报到人员及期限、未签协议、待接收的变更、待移交的违规和30日内到期人员。
home-human-resources = 人社
home-maintain-units = 维护组织机构
home-maintain-units-user-accounts = 维护组织机构、用户账号和节假日安排。
home-manage-users = 管理用户
home-my-area = 辖区
home-persons-by-state-overdue = 按乡镇(街道)查看各状态人员、逾期检测、脱失和迟交移交,每个数字都可查看名单。
home-persons-registered-my-area = 辖区登记人员
home-search-audit-trail = 检索审计日志
home-search-audit-trail-by = 按用户、人员、单位、操作和时间检索审计日志。
home-subsistence-allowance-assistance-queues = 低保与救助工作队列将随救助功能提供。
home-tests-due-overdue-my = 辖区应检、逾期检测,待处理的阳性与拒检,以及脱失人员。
home-tests-talks-due-today = 今天和本周应检测、应谈话的人员,以及逾期事项。
home-todays-work = 今日工作
home-township-office-desk = 乡镇(街道)办公室工作台
home-training-employment-queues-come = 培训与就业工作队列将随就业安置功能提供。
home-units-my-area = 辖区单位

## States of a leave request (by code)

leave-state-approved = 已批准
leave-state-refused = 不批准
leave-state-requested = 待审批
leave-state-returned = 已返回

## Log in and two-step codes at login (login*.html, auth/)

login-account-must-use-two = 该账户必须使用两步验证,请先在网页上登录并完成绑定
login-back-login-page = 返回登录页
login-cancel-log-out = 取消并退出
login-code-required = 请输入两步验证码(totp_code)
login-code-wrong-or-has = 验证码不正确或已过期
login-locked = 登录失败次数过多,已暂时锁定,请{ $minutes }分钟后再试
login-log = 用户登录
login-open-authenticator-app-phone = 请打开手机上的验证器应用,输入“戒康 Jiekang”当前显示的6位验证码。
login-password = 密码
login-system-holds-personal-information = 本系统存储受法律保护的个人信息,所有查阅与操作均记录审计日志。
login-that-code-was-used = 该验证码已使用过,请等待验证器显示下一个验证码
login-verify = 验证
login-wrong-username-or-password = 用户名或密码错误

## Header and menu

nav-main-menu = 主菜单

## The archive of a person (person.html)

person-addiction-assessed = 成瘾认定
person-community-detoxification-rehabilitation-orders = 社区戒毒/社区康复决定
person-community-detoxification-rehabilitation-person = 社区戒毒社区康复人员管理档案
person-date-birth = 出生日期
person-document-number = 证件
person-earlier-compulsory-isolation = 既往强制隔离戒毒
person-emergency-look-up-person = 紧急查阅:该人员不在您的辖区,本次查阅已记入审计日志并向双方单位的上级显示。仅显示身份信息。
person-every-view-page-audit = 本页的每次查阅都已记入审计日志。
person-family-contacts = 家庭成员及联系方式
person-first-use = 初次吸毒
person-fixed-home = (有固定住所)
person-identity-history = 身份与经历
person-last-maintained = 最近维护
person-no-orders-yet = 尚无决定记录。
person-open = 查看/办理
person-record-decision = 录入决定
person-record-keeping-who-entered = 记录责任(谁录入、谁维护)
person-title = { $name } · 人员档案

## Registering a person (person_new.html, input.rs)

person-new-choose-document-type = 请选择证件类型
person-new-document-type = 证件类型
person-new-resident-id-number-checked = 居民身份证号码自动校验,并据此填写性别和出生日期。
person-new-unit-execution-place = 所属单位(执行地)

## Persons list (persons.html, pages/persons.rs)

persons-full-number = 完整号码
persons-name-starts-with = 姓名开头
persons-no-person-matches = 没有符合条件的人员。
persons-register-first-person = 登记第一位人员
persons-someone-else-changed-record = 该档案已被他人修改,以下为最新内容,请核对后重新提交
persons-total = 辖区共 { $count } 人

## Identity and history (person_profile.html)

profile-addiction-assessed = 成瘾认定日期
profile-date-after-today = 日期不能晚于今天
profile-earlier-compulsory-isolation-when = 既往强制隔离戒毒(时间、场所)
profile-family-contacts-one-line = 家庭成员及联系方式(每行一人)
profile-first-used = 初次吸毒日期
profile-has-fixed-home-at = 在现居住地有固定住所(可作为执行地)
profile-phone-characters = 电话号码只能包含数字、“-”和“+”
profile-title = 维护身份与经历 · { $name }

## Work queues (queues.html, pages/queues.rs); queues-kind-* and queues-due-* by queue code

queues-acknowledge = 确认接收
queues-received-on = 接收日期
queues-all-my-area = 全部(本辖区)
queues-counts-by-state-are = 各状态人数实时;其余数字为 { $time } 的统计,每分钟更新。名单实时。
queues-due-deadline = 期限
queues-due-expires = 期满日
queues-due-planned-test = 计划检测日
queues-due-reported = 报到日期
queues-due-sent = 移交日期
queues-due-since = 起始日期
queues-due-state-since = 状态起始日
queues-due-talk = 应谈话日
queues-due-reassessment = 复评日
queues-due-test-date = 检测日期
queues-invalid-page-parameter = 分页参数无效
queues-kind-absconded = 脱失人员
queues-kind-agreement-missing = 未签协议
queues-kind-breaches = 待移交公安
queues-kind-expiring = 30日内期满
queues-kind-handovers = 待接收移交
queues-kind-handovers-late = 移交逾期未接收
queues-kind-not-reported = 未通知/未报到
queues-kind-police-tasks = 待通报公安
queues-kind-report-overdue = 逾期未报到
queues-kind-talks-due = 应谈心谈话
queues-kind-reassessment-due = 待风险复评
queues-kind-tests-overdue = 检测逾期
queues-kind-tests-today = 今日应检测
queues-kind-tests-week = 本周应检测
queues-kind-transfers = 待接收变更
queues-nothing-do-right-now = 当前没有需要办理的事项。
queues-queue = 任务类别
queues-unknown-work-queue = 未知的工作任务类别

## Refused requests (rejection.rs, limits)

request-json-content-type = 请求须为 JSON(Content-Type: application/json)
request-json-data = 请求格式错误:字段的类型或取值不符合接口文档(各字段均为字符串)
request-json-syntax = 请求内容不是有效的 JSON
request-login-json = 请求格式错误:需要 JSON { "{" }"username", "password"{ "}" }
request-malformed = 请求的格式有误,请检查后重新提交
request-method-not-allowed = 不支持此请求方式
request-timeout = 请求超时,请稍后重试
request-too-large = 提交的内容超过大小限制
request-too-many-searches-try = 查询过于频繁,请一分钟后再试
request-unprocessable = 提交的内容格式有误,请检查后重新提交
request-unreadable = 请求格式错误,无法读取请求内容
request-unsupported-media-type = 提交的内容类型不受支持
request-what-was-sent-too = 提交的内容过大

## Texts the store writes in Chinese (shown through Msg::recorded)

store-agreement-signed = 签订社区戒毒(康复)协议
store-choose-receiving-township-or = 请选择接收的乡镇(街道)或社区
store-date-cannot-after-today = 办理日期不能晚于今天
store-decision-date-cannot-after = 决定日期不能晚于今天
store-enter-date-decision-was = 请填写决定书送达本人的日期
store-execution-place-must-township = 执行地须为乡镇(街道)或社区
store-hand-overs-not-received = 移交逾期未接收
store-leave-approved-by-township = 请假由乡镇(街道)办公室审批
store-leave-short-no-request = 离开县域不足3日无需书面报告
store-leave-short-not-absence = 离开县域不足3日,不属于擅自离开
store-no-report-deadline-yet = 尚无报到期限
store-no-such-record = 记录不存在
store-no-suspension-progress = 没有进行中的中止
store-no-transfer-awaiting-acceptance = 没有待接收的变更
store-not-reported-yet-cannot = 尚未报到,不能恢复执行
store-only-approved-leave-can = 只有已批准的请假才能登记返回
store-planned = 计划内
store-provisional-that-years-holidays = (暂定:该年度节假日安排尚未录入)
store-receiving-unit-cannot-current = 接收单位不能是当前执行地或其上级
store-report-date-must-lie = 通报日期须在检测日期与今天之间
store-report-overdue = 逾期未报到
store-reported-at-new-execution = 在新执行地报到(期限连续计算)
store-request-has-been-decided = 该请假已处理
store-residence-can-execution-place = 现居住地作为执行地须有固定住所(请先在档案中登记)
store-resumption-must-come-after = 恢复执行日期须晚于中止开始日期
store-return-date-cannot-before = 返回日期不能早于离开日期
store-role-cannot-record = 您的角色不能登记该事项
store-say-what-was-done = 请填写办理情况
store-service-date-must-lie = 送达日期须在决定日期与今天之间
store-set-up-data-invalid = 绑定信息无效,请刷新页面重新扫码
store-surprise = 随机
store-task-has-been-answered = 该事项已答复,不能再次答复
store-test-needs-no-police = 该检测无需或已通报公安
store-warning-criticism-education = 告诫(批评教育)
store-work-group-updated = 更新工作小组成员
store-record-not-in-state = 当前状态为「{ $state }」,不能登记该事项
store-report-in-deadline-not-passed = 报到期限 { $date } 尚未届满
store-step-not-for-role = 您的角色不能执行「{ $step }」
store-task-answer-before-opened = 办理日期不能早于事项产生之日({ $date })
store-task-answer-too-long = 办理情况不能超过{ $max }字
store-unit-code-unknown = 单位 { $code } 不存在
store-transfer-community-required = 请选择由接收单位的哪个社区执行
store-transfer-community-not-under-receiver = { $unit } 不是接收单位下属的社区,请从接收单位的社区中选择
store-unit-retire-not-empty = 该单位仍有{ $children }个下级单位、{ $users }个在用账号、{ $persons }名人员,请先转移后再撤销

## Tasks (tasks.html, task.html, pages/tasks.rs)

tasks-answer-facts = { $by } · 办理日期 { $date } · 录入于 { $at }
tasks-assigned = 承办单位
tasks-back-tasks = 返回待办事项
tasks-closed = 办结日期
tasks-done = 办理日期
tasks-due-by = 办理期限
tasks-from = 来自
tasks-list-param = list 只能是 open 或 finished
tasks-matters-other-units-or = 其他单位或上级交办本辖区单位办理的事项。按期限办理,办理情况记入档案和审计日志。
tasks-no-open-tasks = 当前没有待办事项。
tasks-no-task-has-been = 还没有办结的事项。
tasks-opened = 产生日期
tasks-overdue = 已逾期
tasks-record-what-was-done = 填写办理情况
tasks-save-answer = 提交办理情况
tasks-someone-else-has-worked = 该事项已被他人办理,请查看最新情况
tasks-tab-closed = 已办结
tasks-tab-open = 待办理
tasks-task = 事项
tasks-task-lists = 事项类别
tasks-unit-another-jurisdiction-tried = 其他辖区的单位登记人员时,填写的证件号码与本单位在册人员相同,系统已拒绝其登记(对方看不到本单位及人员信息)。请核实:是同一人的,与对方单位联系办理变更执行地;是号码录错的,更正本单位或通知对方更正。办结后填写办理情况。
tasks-what-was-done = 办理情况
tasks-what-was-done-at = 办理情况(不超过 { $max } 字)

## Two-step verification (account_totp.html, pages/totp.rs)

totp-current-code = 当前验证码
totp-enabled-since = 已启用(自北京时间 { $since } 起)。登录时除密码外还需输入验证器显示的6位验证码。
totp-key = 密钥:
totp-mandatory-cannot-disable = 该角色必须使用两步验证,不能关闭
totp-mandatory-enrol = 您的角色必须使用两步验证,请先完成绑定再继续使用。
totp-mandatory-note = 您的角色必须使用两步验证。更换手机时,请联系系统管理员重置。
totp-open-any-totp-authenticator = 在手机上打开任一支持 TOTP 的验证器应用(如 Google Authenticator、Microsoft Authenticator、FreeOTP、阿里云 App 等)。
totp-scan-qr-code-below = 扫描下方二维码;无法扫码时,选择“手动输入密钥”,输入下方密钥(基于时间,30秒,6位)。
totp-set-up = 绑定
totp-turn-off-two-step = 关闭两步验证
totp-two-step-verification-logging = 两步验证已启用,以后登录时需输入验证码。
totp-two-step-verification-off = 两步验证已关闭。
totp-type-6-digit-code = 输入应用显示的6位验证码完成绑定。

## Units (units.html, pages/units.rs)

units-choose-parent-unit = 请选择上级单位
units-code = 代码
units-e-g-150602001-or = 如 150602001 或 150602001001
units-enter-date-use-from = 请填写启用日期(YYYY-MM-DD)
units-enter-retirement-date-yyyy = 请填写撤销日期(YYYY-MM-DD)
units-level = 层级
units-maintain = 维护
units-new-name = 新名称
units-new-unit-below = 新建下级单位
units-no-units-yet = 暂无单位。
units-parent-unit = 上级单位
units-parent-unit-does-not = 上级单位不存在或不在管辖范围内
units-rename = 改名
units-rename-retire = 改名/撤销
units-retire = 撤销
units-retire-date = 撤销日期
units-retired-on = 已撤销({ $date })
units-total = 共 { $count } 个单位
units-unit-code = 单位代码
units-unit-name = 单位名称
units-use = 在用
units-use-from = 启用日期
units-version-missing = 缺少版本号

## Users (users.html, user_confirm.html, pages/users.rs)

users-active = 正常
users-cancel = 取消
users-choose-role = 请选择角色
users-confirm-disable = 确认停用
users-confirm-reset-password = 确认重置密码
users-confirm-reset-two-step = 确认重置两步验证
users-disable = 停用
users-disable-user = 停用用户
users-disabled = 已停用
users-disabled-user-cannot-log = 停用后该用户不能登录,会话全部结束。
users-enable = 启用
users-hand-user-person-shown = 请当面交给本人;只显示这一次。该用户下次登录时必须修改密码。
users-initial-password = 初始密码
users-last-login = 最近登录
users-must-change-password = 待改密码
users-new-user = 新建用户
users-no-user-accounts-area = 辖区内还没有用户账号。
users-on-page = 本页 { $count } 个
users-password-reset-for = 已重置 { $user } 的密码
users-reset-password = 重置密码
users-reset-two-step-verification = 重置两步验证
users-role = 角色
users-temporary-password = 临时密码:
users-temporary-password-generated-all = 将生成临时密码,该用户的会话全部结束。
users-user-must-change-initial = 用户首次登录时必须修改初始密码。
users-user-must-set-up = 该用户须重新绑定验证器。
users-username-rule = { $error }(3–32位小写字母、数字、_ . -)
users-you-cannot-disable-own = 不能停用自己的账号

## Texts the store and the domain write with values in them: read back into their arguments (src/i18n/recorded.rs)
store-tl-decided = { $measure }决定({ $organ } { $number })
store-tl-police-notify-by = 公安应于 { $date } 前通知乡镇(街道)
store-tl-police-notify-by-provisional = 公安应于 { $date } 前通知乡镇(街道){ $provisional }
store-tl-report-by = 应于 { $date } 前报到
store-tl-report-by-provisional = 应于 { $date } 前报到{ $provisional }
store-tl-notified = 公安通知乡镇(街道)并移交材料
store-tl-notified-late = 公安通知乡镇(街道)并移交材料,逾期通知(期限 { $deadline })
store-tl-term-windows = 期限 { $from } 至 { $to },共 { $count } 个检测周期
store-tl-term-windows-late = 期限 { $from } 至 { $to },共 { $count } 个检测周期,逾期报到(期限 { $deadline })
store-tl-reported-new-place-late = 在新执行地报到(期限连续计算),逾期报到(期限 { $deadline })
store-tl-agreement-detox = 签订社区戒毒协议
store-tl-agreement-rehab = 签订社区康复协议
store-tl-resumed = 中止 { $from } 至 { $to } 共 { $days } 日不计入期限,期满日改为 { $end }
store-tl-transfer-requested = 申请变更执行地至 { $unit }
store-tl-transfer-placed = 交由 { $unit } 执行
store-tl-report-at-new-place-by = 应于 { $date } 前到新执行地报到,并重新签订协议
store-tl-report-at-new-place-by-provisional = 应于 { $date } 前到新执行地报到{ $provisional },并重新签订协议
store-tl-marked-refused = 逾期未报到(期限 { $deadline }),视为拒绝接受社区戒毒,报告公安
store-tl-referred = 移交公安处理(拒检/逃避检测 { $refusals } 次,擅自离开 { $absences } 次)
store-tl-not-yet-serious = 尚未达到严重违反协议的标准
store-tl-test = { $kind }:{ $outcome }({ $planned })
store-tl-police-to-inform = 待通报公安
store-tl-search = 查找:{ $place };结果:{ $outcome }
store-tl-alert-requested = 提请公安网上布控
store-tl-warning = 告诫({ $manner })
store-tl-leave-requested = 请假外出:{ $from } 至 { $to },前往 { $destination }
store-tl-leave-approved = 请假({ $from } 至 { $to })已批准
store-tl-leave-refused = 请假({ $from } 至 { $to })不批准
store-tl-leave-returned = 请假返回(原定 { $date })
store-tl-absence = 擅自离开县域:{ $from } 至 { $to },共 { $days } 日
store-tl-police-informed = 已将 { $date } 的检测结果通报公安
store-tl-handover-received = 接收公安移交的决定书及材料(移交日期 { $date })
store-tl-attachment = 上传附件:{ $name }({ $kind })
store-report-deadline-not-passed = 报到期限 { $deadline } 尚未届满
store-warned-by-required = 请填写告诫人
domain-report-before-service = 报到日期 { $date } 早于决定书送达日期 { $served }
domain-answer-before-event = 日期 { $date } 早于{ $event }日期 { $since }
domain-answered-handover = 移交
domain-answered-leave-request = 请假申请
domain-answered-leave-decision = 请假审批
domain-answered-leave-start = 离开
domain-answered-test = 检测
domain-answered-absconded = 脱失
domain-refusal-has-no-sample = 拒检、逃避检测没有样本也没有检测结果:样本请选「无」,不填检出物质和样本编号

## The case page's buttons and the dates its steps ask for (case_steps.html, pages/cases/view.rs)
case-step-do-notify = 通知乡镇并移交材料
case-step-do-report-in = 登记报到
case-step-do-sign-agreement = 登记签订协议
case-step-do-suspend = 登记中止执行
case-step-do-resume = 恢复执行
case-step-do-abscond = 标记脱失
case-step-do-return = 登记已查找到
case-step-do-request-transfer = 申请变更执行地
case-step-do-accept-transfer = 确认接收
case-step-do-refuse-transfer = 拒绝接收
case-step-do-mark-refused = 认定逾期未报到
case-step-do-refer-to-police = 移交公安
case-step-do-police-declined = 登记公安决定继续执行
case-step-do-decide-isolation = 登记强制隔离戒毒决定
case-step-do-terminate = 终止执行
case-step-do-expire = 办理期满解除
case-step-on-notify = 通知日期
case-step-on-report-in = 报到日期
case-step-on-sign-agreement = 签订日期
case-step-on-suspend = 中止执行日期(被拘留、逮捕之日)
case-step-on-resume = 恢复执行日期(回到社区的第一天)
case-step-on-abscond = 脱失日期(失去联系之日)
case-step-on-return = 查找到日期
case-step-on-request-transfer = 申请日期
case-step-on-accept-transfer = 接收日期
case-step-on-refuse-transfer = 拒绝日期
case-step-on-mark-refused = 认定日期
case-step-on-refer-to-police = 移交日期
case-step-on-police-declined = 公安决定日期
case-step-on-decide-isolation = 决定日期
case-step-on-terminate = 终止日期
case-step-on-expire = 解除日期
case-talk-on = 谈话(走访)日期
case-warned-on = 告诫日期
case-searched-on = 查找日期
case-record-absence = 登记擅自离开
case-save-work-group = 保存工作小组
home-counted-at = 各状态人数实时;其余数字统计于 { $time },每分钟更新;点开的名单实时。
## Choosing a unit (macros/unit.html)

unit-picker-choose = 请选择
unit-picker-placeholder = 输入名称或代码搜索
unit-picker-hint = 共 { $count } 个单位:输入名称、代码或上级名称搜索,再从列表中选择
unit-picker-unknown = 找不到单位「{ $unit }」,请从列表中选择(可输入名称或代码搜索)
unit-picker-ambiguous = 有 { $count } 个单位名为「{ $unit }」,请选择带代码的完整路径

## CASE-7, D6, N6 — risk class and caseload on the case page
care-title = 风险分类与责任人
care-class = 风险等级
care-not-assessed = 未评估
care-talk-every = 谈心谈话频次
care-every-days = 至少每 { $days } 天一次
care-every-days-default = 至少每 { $days } 天一次(未评估,默认)
care-next-visit = 下次家访
care-visit-due-every = { $date } 前(每 { $days } 天)
care-reassess-by = 复评日
care-worker = 责任社工
care-police = 责任民警
care-not-named = 未指定
care-assessments = 评估记录({ $count } 次)
care-assessed-on = 评估日期
care-score = 总分
care-assessor = 评估人
care-scheme-version = 方案版本
care-assignments = 指定记录({ $count } 次)
care-from = 起始日期
care-entered = 录入
care-note = 备注
care-assess = 风险评估
care-scheme-of = 评估方案:{ $name }(第 { $version } 版)
care-item-max = { $item }(0–{ $max } 分)
care-classes = 分类标准
care-class-rule = { $label }:{ $min } 分以上,每 { $talk } 天谈话,每 { $visit } 天家访,{ $reassess } 天后复评
care-save-assessment = 保存评估
care-assign = 指定责任社工、责任民警
care-none = (不指定)
care-save-assignment = 保存
care-scheme-missing = 评估方案版本缺失,请刷新页面后重试
care-score-number = 每个评估项目的得分须为整数
care-choose-account = 请从列表中选择账号
care-date-required = 请填写日期(年-月-日)

## N6 — 我的人员
mine-title = 我的人员
mine-intro-worker = 由我担任责任社工的在管人员,以及各人应检测、谈话、家访和复评的日期。
mine-intro-police = 由我担任责任民警的在管人员,以及各人应检测、谈话、家访和复评的日期。
mine-none = 目前没有指定给您的人员。
mine-next-test = 下次计划检测
mine-talk-due = 应谈话日
mine-all = 全部我的人员

## CASE-7, D6 — the risk-assessment scheme (administrator)
nav-risk-schemes = 风险评估方案
schemes-title = 风险评估方案
schemes-intro = 评估方案的每次修改都保存为新版本;已作出的评估保留其所用版本,不受新版本影响。新的评估使用最新版本。
schemes-version = 第 { $version } 版:{ $name }
schemes-in-use = 使用中
schemes-default = 系统默认方案(参照禁毒办通〔2016〕37号的高、中、低三级,本地四色标签)
schemes-item = 评估项目
schemes-max = 最高分
schemes-class = 分类标签
schemes-min = 起始分数
schemes-talk = 谈话间隔(天)
schemes-visit = 家访间隔(天)
schemes-reassess = 复评间隔(天)
schemes-new-version = 保存为新版本
schemes-name = 方案名称
schemes-items = 评估项目
schemes-items-hint = 代码用小写字母、数字或下划线;空行不保存。
schemes-classes = 分类
schemes-classes-hint = 每个总分落入起始分数不超过它的最高一类;须有一类从 0 分起,高、中、低三级各至少一类。
schemes-code = 代码
schemes-save = 保存新版本
schemes-numbers = 分数和天数须为整数
schemes-level = 请为每个分类选择风险等级
schemes-saved-meanwhile = 其他管理员刚刚保存了新版本,请查看后重新保存
dashboard-by-risk-level = 按风险等级(在管人员)
