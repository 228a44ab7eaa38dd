"""The report's texts in Chinese and English: labels, the method section, the figures.

Each message key maps to its text per language; ``{name}`` fields are filled by
:meth:`claimstats.report.i18n.Locale.text`. The texts of the estimators' notes
(``note_<code>``) live beside their formats in :mod:`claimstats.report.i18n`, which
joins both tables into :data:`claimstats.report.i18n.MESSAGES`.
"""

from __future__ import annotations

__all__ = ["REPORT_MESSAGES"]

#: message key -> {language: text}, for every text of the report but the notes
REPORT_MESSAGES: dict[str, dict[str, str]] = {
    "title": {"zh": "服务中断影响报告", "en": "Service interruption impact report"},
    "subtitle": {
        "zh": "{service} 中断造成的直接损失",
        "en": "Direct loss from the {service} interruption",
    },
    "claimant": {"zh": "索赔人", "en": "Claimant"},
    "service": {"zh": "服务", "en": "Service"},
    "period": {"zh": "中断期间", "en": "Period of interruption"},
    "as_of": {"zh": "报告时间", "en": "Report as of"},
    "summary": {"zh": "摘要", "en": "Summary"},
    "longest": {"zh": "最长连续中断", "en": "Longest continuous interruption"},
    "total_downtime": {"zh": "中断总时长", "en": "Total downtime"},
    "interruptions": {"zh": "中断次数", "en": "Interruptions"},
    "threshold_test": {
        "zh": "{threshold} 连续中断标准",
        "en": "{threshold} continuous-interruption test",
    },
    "recurrence_test": {
        "zh": "{window}内反复中断",
        "en": "Repeated interruptions within {window}",
    },
    "verdict": {"zh": "结论", "en": "Verdict"},
    "verdict_qualifies": {
        "zh": "索赔符合条件(满足任一条件即可):{tests}。",
        "en": "The claim qualifies (either test is enough): {tests}.",
    },
    "verdict_and": {"zh": "；", "en": "; and "},
    "verdict_continuous": {
        "zh": "单次连续中断 {longest},超过 {threshold}",
        "en": "one interruption lasted {longest}, longer than {threshold}",
    },
    "verdict_repeated": {
        "zh": "{days} 天内中断 {count} 次,达到至少 {minimum} 次的标准",
        "en": "{count:# interruption|# interruptions} fell within {days:# day|# days}, at least the {minimum} the test asks for",
    },
    "verdict_not_qualifies": {
        "zh": "索赔不符合条件:最长连续中断 {longest},未超过 {threshold};{days} 天内最多中断 {count} 次,少于 {minimum} 次。",
        "en": "The claim does not qualify: the longest interruption lasted {longest}, not longer than {threshold}, and at most {count:# interruption|# interruptions} fell within {days:# day|# days}, fewer than {minimum}.",
    },
    "verdict_established": {
        "zh": "按 {confidence} 置信度,损失已确立:索赔金额({basis})为 {amount}({confidence} 区间 {low} 至 {high});正常时期出现同等净损失的概率为 {p}。",
        "en": "At {confidence} confidence the loss is established: the amount claimed ({basis}) is {amount} ({confidence} interval {low} to {high}); a net loss this large occurs on normal days with a chance of {p}.",
    },
    "verdict_not_established": {
        "zh": "按 {confidence} 置信度,损失未能确立:索赔金额({basis})为 {amount},其 {confidence} 区间为 {low} 至 {high}{reason}。{remedy}",
        "en": "At {confidence} confidence the loss is not established: the amount claimed ({basis}), {amount}, has a {confidence} interval from {low} to {high}{reason}. {remedy}",
    },
    "verdict_no_margin": {
        "zh": "未提供边际贡献率:索赔金额是未扣除成本的收入损失。未接到的订单本应产生的变动成本(货品、包装、配送等)并未发生,服务商可能要求扣除。建议提供边际贡献率(收入扣除变动成本后所剩的比例),改按利润损失索赔。",
        "en": "No contribution margin was given: the amount claimed is the lost revenue before costs. The variable costs the lost orders would have carried (goods, packaging, delivery) were never incurred, and the provider may ask for them to be deducted. Give your contribution margin (the share of revenue left after variable costs) to claim the lost profit instead.",
    },
    "remedy": {
        "zh": "要确立损失,可以:{ways}。",
        "en": "What would establish it: {ways}.",
    },
    "remedy_history": {
        "zh": "导出更长的订单历史(本次基准期 {weeks} 周,建议 8 周以上)",
        "en": "a longer order history (the baseline had {weeks:# week|# weeks}; 8 or more is better)",
    },
    "remedy_control": {
        "zh": "提供一个未受影响的对照渠道",
        "en": "an unaffected control channel",
    },
    "remedy_bucket": {
        "zh": "使用更细的时段(如 15 分钟)",
        "en": "a finer time bucket (such as 15 minutes)",
    },
    "remedy_more": {
        "zh": "补充其他证据(如平台的故障公告与客户的留言)",
        "en": "other evidence (the provider's incident notice, customers' messages)",
    },
    "verdict_includes_zero": {"zh": ",包含零", "en": ", which reaches zero"},
    "verdict_loss_reaches_zero": {
        "zh": ";不计已记录的费用,{basis}的区间下限为 {low},包含零",
        "en": "; without the documented expenses, the interval of the {basis} reaches zero (from {low})",
    },
    "verdict_orders_reach_zero": {
        "zh": ";净损失订单的区间下限为 {low},包含零",
        "en": "; the interval of the net lost orders reaches zero (from {low})",
    },
    "verdict_chance": {
        "zh": ";正常时期出现同等净损失的概率为 {p},不能排除偶然波动",
        "en": "; a net loss this large occurs on normal days with a chance of {p}, so chance variation cannot be ruled out",
    },
    "passed": {"zh": "满足", "en": "Met"},
    "not_passed": {"zh": "未满足", "en": "Not met"},
    "recurrence_value": {
        "zh": "{count} 次(标准:至少 {minimum} 次)",
        "en": "{count} (test: at least {minimum})",
    },
    "net_loss": {"zh": "净直接损失(收入)", "en": "Net direct loss (revenue)"},
    "net_loss_orders": {"zh": "净损失订单", "en": "Net lost orders"},
    "interval": {
        "zh": "{confidence} 区间 {low} 至 {high}",
        "en": "{confidence} interval {low} to {high}",
    },
    "significance": {"zh": "显著性", "en": "Significance"},
    "significant": {
        "zh": "正常时期出现如此大的净损失(缺口减补单)的概率仅为 {p}(p 值),且其 {confidence} 区间高于零:损失不是偶然波动。",
        "en": "A net loss (shortfall less catch-up) this large occurs on normal days with a chance of only {p} (p-value), and its {confidence} interval lies above zero: it is not chance variation.",
    },
    "not_significant": {
        "zh": "正常时期出现如此大的净损失(缺口减补单)的概率为 {p}(p 值),不能排除偶然波动:按 {confidence} 置信度损失未能确立。",
        "en": "A net loss (shortfall less catch-up) this large occurs on normal days with a chance of {p} (p-value): chance variation cannot be ruled out, and the loss is not established at {confidence} confidence.",
    },
    "significant_reaches_zero": {
        "zh": "正常时期出现如此大的净损失(缺口减补单)的概率为 {p}(p 值),但其 {confidence} 区间包含零:按 {confidence} 置信度损失未能确立。",
        "en": "A net loss (shortfall less catch-up) this large occurs on normal days with a chance of {p} (p-value), but its {confidence} interval reaches zero: the loss is not established at {confidence} confidence.",
    },
    "deadline": {"zh": "建议申请截止", "en": "Recommended filing deadline"},
    "deadline_value": {"zh": "{date}(剩余 {left})", "en": "{date} ({left} left)"},
    "deadline_passed": {"zh": "{date}(已过 {left})", "en": "{date} ({left} ago)"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "number": {"zh": "序号", "en": "No."},
    "start_local": {"zh": "开始(当地时间)", "en": "Start (local time)"},
    "end_local": {"zh": "结束(当地时间)", "en": "End (local time)"},
    "start_utc": {"zh": "开始(UTC)", "en": "Start (UTC)"},
    "end_utc": {"zh": "结束(UTC)", "en": "End (UTC)"},
    "duration": {"zh": "时长", "en": "Duration"},
    "severity": {"zh": "严重程度", "en": "Severity"},
    "description": {"zh": "说明", "en": "Description"},
    "ongoing": {"zh": "(截至报告时仍在持续)", "en": "(still ongoing at the time of the report)"},
    "sev_outage": {"zh": "完全中断", "en": "Outage"},
    "sev_partial": {"zh": "部分中断", "en": "Partial outage"},
    "sev_degraded": {"zh": "性能下降", "en": "Degraded"},
    "sev_maintenance": {"zh": "维护", "en": "Maintenance"},
    "loss": {"zh": "损失计算", "en": "Loss calculation"},
    "item": {"zh": "项目", "en": "Item"},
    "orders": {"zh": "订单数", "en": "Orders"},
    "revenue": {"zh": "收入", "en": "Revenue"},
    "range": {"zh": "{confidence} 区间", "en": "{confidence} interval"},
    "expected": {"zh": "预期(无中断时)", "en": "Expected without the interruption"},
    "actual": {"zh": "实际", "en": "Actual"},
    "gross": {"zh": "总缺口(中断期间)", "en": "Gross shortfall (during the outages)"},
    "catch_up": {"zh": "恢复后补单(已扣除)", "en": "Catch-up after recovery (deducted)"},
    "net": {
        "zh": "净损失(索赔额:未扣除成本的收入损失)",
        "en": "Net loss (claimed: lost revenue before costs)",
    },
    "net_not_claimed": {"zh": "净损失", "en": "Net loss"},
    "claim_amount_basis": {"zh": "索赔金额({basis})", "en": "Amount claimed ({basis})"},
    "basis_with_expenses": {"zh": "{basis}加已记录费用", "en": "{basis} plus documented expenses"},
    "profit": {
        "zh": "利润损失(边际贡献率 {margin})",
        "en": "Lost profit (contribution margin {margin})",
    },
    "aov": {"zh": "基准期平均订单金额", "en": "Average order value in the baseline"},
    "charts": {"zh": "因果证据", "en": "Causality evidence"},
    "chart_timeline": {"zh": "中断时间线", "en": "Interruptions on a timeline"},
    "chart_loss": {
        "zh": "{channel} 渠道每{step}订单:实际与预期",
        "en": "{channel} orders per {step}: actual and expected",
    },
    "chart_cumulative": {"zh": "累计损失", "en": "Cumulative loss"},
    "chart_control": {
        "zh": "中断期间的订单:受影响渠道与对照渠道",
        "en": "Orders during the outages: the affected channel beside the control",
    },
    "chart_placebo": {
        "zh": "正常时期同样时段的净损失,与本次中断的净损失",
        "en": "Net losses in normal windows of the same shape, and in the outage",
    },
    "caption_loss": {
        "zh": "阴影为中断时段;虚线是没有中断时预期的订单,浅色带是正常波动范围。实际订单落在带下方,即为损失。",
        "en": "Shaded: the outages. The dashed line is the orders expected without an outage, the light band its normal variation. Actual orders below the band are the loss.",
    },
    "caption_control": {
        "zh": "同一时段,对照渠道 {control} 的实际订单为预期的 {control_share},受影响渠道为 {share}:订单减少来自中断,而不是整体需求下降。",
        "en": "In the same hours the control channel {control} received {control_share} of its expected orders and the affected channel {share}: the shortfall comes from the outage, not from a fall in demand.",
    },
    "caption_control_weak": {
        "zh": "同一时段,对照渠道 {control} 的实际订单为预期的 {control_share},受影响渠道为 {share}。对照渠道也明显低于预期,需求本身可能下降,请结合方法与局限部分阅读。",
        "en": "In the same hours the control channel {control} received {control_share} of its expected orders and the affected channel {share}. The control fell short too, so demand itself may have dropped: read this with the method and limitations.",
    },
    "caption_placebo": {
        "zh": "灰色柱:{count} 个没有中断的正常窗口中,方法按同样步骤算出的净损失(缺口减补单,按本次的订单量换算);红线:本次的净直接损失 {observed}。{beyond} 个正常窗口的净损失不小于本次。{p_sentence}",
        "en": "Grey bars: the net loss (shortfall less catch-up) the same steps find on {count:# normal window|# normal windows} without an outage (at this outage's volume); red line: the outage's net direct loss of {observed}. {beyond:# normal window shows|# normal windows show} a net loss at least as large. {p_sentence}",
    },
    "caption_cumulative": {
        "zh": "中断期间预期减实际订单的累计值,减去计入的补单;曲线终点即损失计算表中的净损失订单 {net}。计入的恢复期外曲线保持水平。",
        "en": "Expected minus actual orders during the outages, added up, less the catch-up counted; the curve ends at the net lost orders of the loss table, {net}. Outside the kept recovery windows it stays flat.",
    },
    "caption_control_more": {
        "zh": "同一时段,对照渠道 {control} 的实际订单为预期的 {control_share},受影响渠道为 {share}:需求没有下降。对照渠道高于预期,可能是部分顾客改从该渠道下单(这部分订单未从损失中扣除),也可能是其预期偏低。",
        "en": "In the same hours the control channel {control} received {control_share} of its expected orders and the affected channel {share}: demand did not fall. The control's surplus may be customers who ordered there instead (not subtracted from the loss) or an expectation that is too low.",
    },
    "caption_interval": {
        "zh": "预期订单上的竖线为其 {confidence} 区间。",
        "en": "The line on the expected orders is their {confidence} interval.",
    },
    "no_control_chart": {
        "zh": "未提供对照渠道,因此没有对照图。指定一个未受影响的渠道作为对照,可加强因果论证。",
        "en": "No control channel was given, so there is no control chart. Naming an unaffected channel as the control strengthens the causal argument.",
    },
    "share_of_expected": {"zh": "预期的 {share}", "en": "{share} of expected"},
    "legend_placebo": {"zh": "正常窗口({count} 个)", "en": "Normal windows ({count})"},
    "legend_observed": {"zh": "本次中断", "en": "This outage"},
    "axis_shortfall": {
        "zh": "净损失({currency},缺口减补单)",
        "en": "Net loss ({currency}, shortfall less catch-up)",
    },
    "axis_windows": {"zh": "窗口数", "en": "Windows"},
    "legend_actual": {"zh": "实际订单", "en": "Actual orders"},
    "legend_expected": {"zh": "预期订单", "en": "Expected orders"},
    "legend_band": {"zh": "正常波动范围", "en": "Normal variation"},
    "legend_control": {"zh": "对照渠道 {control}", "en": "Control channel {control}"},
    "legend_outage": {"zh": "中断", "en": "Outage"},
    "legend_cum_orders": {"zh": "累计净损失订单", "en": "Cumulative net lost orders"},
    "axis_time": {"zh": "当地时间 ({offset})", "en": "Local time ({offset})"},
    "axis_orders": {"zh": "订单数", "en": "Orders"},
    "step_hour": {"zh": "小时", "en": "hour"},
    "step_slot": {"zh": "{minutes} 分钟", "en": "{minutes:# minute|# minutes}"},
    "control_note": {"zh": "对照渠道", "en": "Control channel"},
    "statement": {"zh": "索赔陈述", "en": "Claim statement"},
    "reason": {"zh": "索赔理由", "en": "Reason for the claim"},
    "basis": {"zh": "损失金额计算依据", "en": "Basis of the loss calculation"},
    "evidence_types": {"zh": "提供的证据类型", "en": "Types of evidence provided"},
    "evidence": {"zh": "证据清单", "en": "Evidence inventory"},
    "file": {"zh": "文件", "en": "File"},
    "kind": {"zh": "类型", "en": "Kind"},
    "format": {"zh": "格式", "en": "Format"},
    "size": {"zh": "大小(字节)", "en": "Size (bytes)"},
    "rows": {"zh": "读取/保留/拒绝行数", "en": "Rows read / kept / rejected"},
    "span": {"zh": "时间范围", "en": "Time span"},
    "kind_outages": {"zh": "中断记录", "en": "Outage records"},
    "kind_orders": {"zh": "订单记录", "en": "Order records"},
    # --- how an input file was read (FileProvenance.format), in words ---------------------
    "format_csv": {"zh": "CSV 表格", "en": "CSV table"},
    "format_excel": {"zh": "Excel 工作簿", "en": "Excel workbook"},
    "format_json": {"zh": "JSON 文件", "en": "JSON file"},
    "format_jsonl": {"zh": "JSON Lines 文件(每行一条记录)", "en": "JSON Lines file"},
    "format_parquet": {"zh": "Parquet 文件", "en": "Parquet file"},
    "format_atom": {"zh": "Atom 订阅源", "en": "Atom feed"},
    "format_rss": {"zh": "RSS 订阅源", "en": "RSS feed"},
    "format_dataframe": {
        "zh": "Python 程序传入的数据表",
        "en": "table passed in by a Python program",
    },
    "format_layout_wechat": {"zh": "微信支付账单", "en": "WeChat Pay bill"},
    "format_layout_alipay": {"zh": "支付宝账单", "en": "Alipay bill"},
    "format_layout_alipay_app": {"zh": "支付宝 App 账单", "en": "Alipay app bill"},
    "format_layout_shopify": {"zh": "Shopify 订单导出", "en": "Shopify orders export"},
    "format_layout_statuspage": {"zh": "Statuspage 事件记录", "en": "Statuspage incidents"},
    "format_layout_events": {"zh": "监控状态变化记录", "en": "monitor status changes"},
    "format_layout_heartbeat": {"zh": "监控探测日志", "en": "monitor probe log"},
    "format_in": {"zh": "{layout}({container})", "en": "{layout} ({container})"},
    "format_sheet": {"zh": "{container},工作表“{sheet}”", "en": "{container}, sheet “{sheet}”"},
    # --- documented expenses and indirect losses -----------------------------------------
    "expenses": {"zh": "额外费用与间接损失", "en": "Expenses and indirect losses"},
    "amount": {"zh": "金额", "en": "Amount"},
    "orders_list": {
        "zh": "中断与恢复期内的订单",
        "en": "Orders in the outage and recovery windows",
    },
    "orders_caption": {
        "zh": "受影响渠道与对照渠道在中断与恢复期内的全部订单(含各种状态),共 {count} 笔:中断期间 {outage} 笔,恢复期 {recovery} 笔。{privacy}",
        "en": "Every order of the affected and the control channel in the outage and recovery windows, whatever its status: {count} in all, {outage} during the outages and {recovery} in the recovery windows. {privacy}",
    },
    "customers_masked": {
        "zh": "顾客标识已遮盖。",
        "en": "Customer identifiers are masked.",
    },
    "customers_not_masked": {
        "zh": "顾客标识未遮盖(按要求生成):请勿对外分享。",
        "en": "Customer identifiers are not masked (as asked): do not share this report.",
    },
    "privacy": {"zh": "隐私", "en": "Privacy"},
    "privacy_masked": {
        "zh": "顾客电话、邮箱与姓名已遮盖",
        "en": "Customer phone numbers, e-mails and names are masked",
    },
    "privacy_not_masked": {
        "zh": "未遮盖顾客信息(按要求生成),请勿对外分享",
        "en": "Customer data not masked (as asked): do not share",
    },
    "window_outage": {"zh": "中断期间", "en": "outage"},
    "window_recovery": {"zh": "恢复期", "en": "recovery"},
    "order_time": {"zh": "下单时间(当地时间)", "en": "Placed (local time)"},
    "window": {"zh": "时段", "en": "Window"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "order_id": {"zh": "订单号", "en": "Order id"},
    "status": {"zh": "状态", "en": "Status"},
    "customer": {"zh": "顾客", "en": "Customer"},
    "documented_in": {"zh": "凭证", "en": "Documented in"},
    "in_claim": {"zh": "是否索赔", "en": "In the claim"},
    "expense_claimed": {"zh": "索赔", "en": "Claimed"},
    "expense_not_claimed": {
        "zh": "不索赔(间接损失,仅列示)",
        "en": "Not claimed (indirect loss, listed only)",
    },
    "expenses_claimed_total": {
        "zh": "已索赔的额外费用共 {amount}({count} 项),已计入索赔金额。",
        "en": "The claimed expenses total {amount} (items: {count}) and are part of the claim amount.",
    },
    "expenses_indirect_total": {
        "zh": "间接损失共 {amount}({count} 项)仅列示备查,不计入索赔金额:服务条款通常不赔偿间接损失。",
        "en": "The indirect losses total {amount} (items: {count}); they are listed for the record and never added to the claim amount, as terms of service usually exclude them.",
    },
    "expense_documents": {"zh": "额外费用凭证", "en": "Documents of the claimed expenses"},
    "method": {"zh": "方法与局限", "en": "Method and limitations"},
    "notes": {"zh": "说明", "en": "Notes"},
    "footer": {
        "zh": "由 claimstats {version} 生成。相同输入与报告时间得到完全相同的报告。",
        "en": "Made with claimstats {version}. The same inputs and report time give the same report, byte for byte.",
    },
    # --- method section: one text per method --------------------------------------------
    "method_heading": {"zh": "所用方法:{name}", "en": "Method used: {name}"},
    "method_name_seasonal": {
        "zh": "季节基准(前后对比)",
        "en": "seasonal baseline (before and after)",
    },
    "method_name_control": {
        "zh": "对照渠道校正(标尺法)",
        "en": "control channel (yardstick)",
    },
    "method_name_regression": {"zh": "回归预测", "en": "regression (projection)"},
    "method_name_other": {"zh": "“{method}”方法", "en": "“{method}” method"},
    "method_seasonal": {
        "zh": "预期订单:每个{step}的预期值取中断前 {weeks} 周同一星期同一{step}订单的均值;中断和恢复期、异常日(节假日、偶发高峰等总量远离同一星期几通常水平的日子)以及与其他各周相差很大的单个{step}不作为基准。再按中断前 14 天实际订单与基准之比(每日比值的中位数)调整整体水平(反映近期趋势)。部分处于中断内的{step}按覆盖比例计入。",
        "en": "Expected orders: for each {step}, the mean of the same {step} of the week over the {weeks:# week|# weeks} before the interruption, leaving out outage and recovery periods, unusual days (a holiday or a one-off rush: a day far from the same weekday's usual total) and single {step}s far from the other weeks'; then scaled by the ratio of actual to baseline orders over the 14 days before the interruption (median of daily ratios: the recent trend). Buckets only partly inside an outage count by the share covered.",
    },
    "method_control": {
        "zh": "预期订单:先按季节基准计算(每个{step}取中断前 {weeks} 周同一星期同一{step}订单的均值,中断和恢复期及异常日不作为基准,再按中断前 14 天的订单水平调整),再乘以未受影响的 {control} 渠道在同一窗口内实际订单与其自身季节预期之比(中断部分和恢复部分分别计算)。天气、节日等同时影响所有渠道的因素因此既不会被误认为损失,也不会掩盖损失。部分处于中断内的{step}按覆盖比例计入。",
        "en": "Expected orders: first the seasonal baseline (for each {step}, the mean of the same {step} of the week over the {weeks:# week|# weeks} before the interruption, outage and recovery periods and unusual days left out, scaled to the order level of the 14 days before it), then multiplied by how the unaffected {control} channel did against its own seasonal expectation in the same windows (actual ÷ expected, for the outage part and the recovery part separately). A busy or quiet day that moves every channel (the weather, a holiday, a local event) therefore neither passes for a loss nor hides one. Buckets only partly inside an outage count by the share covered.",
    },
    "method_regression": {
        "zh": "预期订单:受影响渠道订单的最小二乘回归,回归项为各时段的水平(一周中每个{step};历史较短时为一天中每个{step}加星期几效应)和线性趋势;模型只用每个窗口之前 {weeks} 周的正常数据拟合(中断和恢复期及异常日不参与),再预测窗口内的订单,不低于 0。部分处于中断内的{step}按覆盖比例计入。",
        "en": "Expected orders: a least-squares regression of the affected channel's orders on a level for each {step} of the week (with shorter history, each {step} of the day plus day-of-week terms) and a linear trend, fitted on the {weeks:# week|# weeks} before each window (outage and recovery periods and unusual days left out) and used to predict the orders inside it, never below 0. Buckets only partly inside an outage count by the share covered.",
    },
    "method_regression_control": {
        "zh": "预期订单:受影响渠道订单的最小二乘回归,回归项为各时段的水平(一周中每个{step};历史较短时为一天中每个{step}加星期几效应)、线性趋势,以及未受影响的 {control} 渠道在前后一天内的订单;模型只用每个窗口之前 {weeks} 周的正常数据拟合(中断和恢复期及异常日不参与),再预测窗口内的订单,不低于 0。部分处于中断内的{step}按覆盖比例计入。",
        "en": "Expected orders: a least-squares regression of the affected channel's orders on a level for each {step} of the week (with shorter history, each {step} of the day plus day-of-week terms), a linear trend and the orders of the unaffected {control} channel over the surrounding day, fitted on the {weeks:# week|# weeks} before each window (outage and recovery periods and unusual days left out) and used to predict the orders inside it, never below 0. Buckets only partly inside an outage count by the share covered.",
    },
    "method_other": {
        "zh": "预期订单按“{method}”方法计算。",
        "en": "Expected orders come from the “{method}” method.",
    },
    "method_short_seasonal": {
        "zh": "预期订单取自季节基准:{orders}在中断前 {weeks} 周同一星期同一时段的均值(剔除中断及恢复期和异常日),按中断前 14 天的订单水平调整。",
        "en": "Expected orders come from a seasonal baseline: {orders} in the same hours of the week over the {weeks:# week|# weeks} before the interruption (mean, outage and recovery periods and unusual days left out), adjusted to the order level of the 14 days before it.",
    },
    "method_short_control": {
        "zh": "预期订单取自季节基准:{orders}在中断前 {weeks} 周同一星期同一时段的均值(剔除中断及恢复期和异常日,按中断前 14 天的订单水平调整),再按未受影响的 {control} 渠道同期相对其正常水平的变化校正。",
        "en": "Expected orders come from a seasonal baseline of {orders} in the same hours of the week over the {weeks:# week|# weeks} before the interruption (mean, outage and recovery periods and unusual days left out, adjusted to the order level of the 14 days before it), corrected by how the unaffected {control} channel did against its own normal level at the same time.",
    },
    "method_short_regression": {
        "zh": "预期订单由最小二乘回归预测:{orders}对时段水平、星期效应与线性趋势回归,用每个窗口之前 {weeks} 周的正常数据拟合。",
        "en": "Expected orders are predicted by a least-squares regression of {orders} on time-of-week levels and a linear trend, fitted on the clean data of the {weeks:# week|# weeks} before each window.",
    },
    "method_short_regression_control": {
        "zh": "预期订单由最小二乘回归预测:{orders}对时段水平、星期效应、线性趋势以及未受影响的 {control} 渠道订单回归,用每个窗口之前 {weeks} 周的正常数据拟合。",
        "en": "Expected orders are predicted by a least-squares regression of {orders} on time-of-week levels, a linear trend and the orders of the unaffected {control} channel, fitted on the clean data of the {weeks:# week|# weeks} before each window.",
    },
    "method_short_other": {
        "zh": "预期订单按“{method}”方法计算。",
        "en": "Expected orders come from the “{method}” method.",
    },
    "why_method": {"zh": "为何采用此方法", "en": "Why this method"},
    "method_choice": {
        "zh": "自动选择方法时,claimstats 在同一批正常窗口上回测每个可用的方法(提供对照渠道时包括对照渠道法),采用误差最小者;误差为各窗口预测与实际订单之差的绝对值之和除以实际订单总数。分析人员也可以直接指定方法。",
        "en": "When the method is chosen automatically, claimstats back-tests every available method (the control-channel method too when a control channel is given) on the same placebo windows and uses the one with the smallest error: the absolute differences between predicted and actual orders in the windows, summed, over the actual orders. An analyst may also set the method directly.",
    },
    "method_chosen": {
        "zh": "本次为自动选择:在 {count} 个正常窗口上,{name}的误差为 {error},{others}。",
        "en": "Here it was chosen automatically: on the {count:# placebo window|# placebo windows} the {name} erred by {error}, against {others}.",
    },
    "method_chosen_alone": {
        "zh": "本次为自动选择,但只有{name}可用(历史数据不足以使用其他方法);其在 {count} 个正常窗口上的误差为 {error}。",
        "en": "Here it was chosen automatically, but only the {name} could be used (too little history for the others); it erred by {error} on the {count:# placebo window|# placebo windows}.",
    },
    "method_other_error": {"zh": "{name}为 {error}", "en": "{error} for the {name}"},
    "method_asked": {
        "zh": "本次方法由分析人员指定:{name}。",
        "en": "Here the analyst set the method: {name}.",
    },
    "method_choice_ref": {
        "zh": "所用方法及其选择依据见影响报告的“方法与局限”部分。",
        "en": "Why this method was used is explained in the method section of the impact report.",
    },
    # --- the claim statement ---------------------------------------------------------------
    "statement_outages": {
        "zh": "{service} 自 {start} 起发生服务中断,共 {count} 次,总计 {total};最长一次连续中断 {longest}。",
        "en": "{service} was interrupted from {start}: {count:# interruption|# interruptions}, {total} in all; the longest continuous interruption lasted {longest}.",
    },
    "statement_threshold": {"zh": "该次中断超过 {threshold}。", "en": "It exceeded {threshold}."},
    "statement_recurrent": {
        "zh": "在 {days} 天内反复中断 {count} 次。",
        "en": "The service failed {count:# time|# times} within {days:# day|# days}.",
    },
    "statement_direct": {
        "zh": "中断期间我方无法通过 {channel} 渠道接收客户订单,造成直接经济损失。本索赔仅涉及直接损失;间接损失(如客户流失、商誉)未计入。",
        "en": "During the interruptions we could not receive customer orders through the {channel} channel, which caused a direct financial loss. This claim covers direct loss only; indirect losses (such as lost future customers or reputation) are not claimed.",
    },
    "statement_direct_all": {
        "zh": "中断期间我方无法正常接收客户订单,造成直接经济损失;损失按{orders}计算。本索赔仅涉及直接损失;间接损失(如客户流失、商誉)未计入。",
        "en": "During the interruptions we could not receive customer orders as usual, which caused a direct financial loss; the loss is counted over {orders}. This claim covers direct loss only; indirect losses (such as lost future customers or reputation) are not claimed.",
    },
    "orders_of_channel": {"zh": "{channel} 渠道的订单", "en": "{channel} orders"},
    "orders_of_all": {"zh": "所有渠道合计的订单", "en": "the orders of all channels together"},
    "orders_of_all_but": {
        "zh": "除对照渠道 {control} 以外所有渠道合计的订单",
        "en": "the orders of all channels together but the control channel {control}",
    },
    "channels_all": {"zh": "所有渠道合计", "en": "All channels together"},
    "channels_all_but": {
        "zh": "除对照渠道 {control} 以外所有渠道合计",
        "en": "All channels together but the control channel {control}",
    },
    "statement_ongoing": {
        "zh": "截至报告时中断仍在持续。",
        "en": "The interruption was still ongoing at the time of this report.",
    },
    "basis_loss": {
        "zh": "中断期间预计应有 {expected} 单,实际 {actual} 单,总缺口 {lost} 单;{recovery}补回 {recovered} 单,已扣除;净损失 {net} 单。金额:预期收入 {expected_revenue}({value}),实际收入 {actual_revenue},扣除补单收入 {recovered_revenue},净直接损失 {net_revenue}({confidence} 区间 {low} 至 {high})。",
        "en": "Expected during the interruptions: {expected:# order|# orders}; actual: {actual}; gross shortfall: {lost:# order|# orders}. Catch-up orders in {recovery}: {recovered}, deducted. Net loss: {net:# order|# orders}. In money: expected revenue {expected_revenue} ({value}), actual revenue {actual_revenue}, catch-up revenue {recovered_revenue} deducted: a net direct loss of {net_revenue} ({confidence} interval {low} to {high}).",
    },
    "basis_value": {
        "zh": "预期订单 × 基准期平均订单金额 {aov}",
        "en": "expected orders at the baseline average order value of {aov}",
    },
    "basis_value_by_hour": {
        "zh": "各时段预期订单 × 基准期一天中同一小时的平均订单金额,全天平均 {aov}",
        "en": "each hour's expected orders at that hour of the day's average order value in the baseline; {aov} over all hours",
    },
    "basis_profit": {
        "zh": "按边际贡献率 {margin} 计,利润损失 {profit}。",
        "en": "At a contribution margin of {margin}, the lost profit is {profit}.",
    },
    "basis_claim": {
        "zh": "索赔金额 {amount}({confidence} 区间 {low} 至 {high}),即{basis}。",
        "en": "The amount claimed is {amount} ({confidence} interval {low} to {high}): the {basis}.",
    },
    "basis_claim_expenses": {
        "zh": "索赔金额 {amount}({confidence} 区间 {low} 至 {high}),即{basis}加上已记录的额外费用 {expenses}。",
        "en": "The amount claimed is {amount} ({confidence} interval {low} to {high}): the {basis} plus documented extra expenses of {expenses}.",
    },
    "basis_control": {
        "zh": "同期未受影响的 {control} 渠道订单为正常水平的 {ratio}。",
        "en": "The unaffected {control} channel ran at {ratio} of its normal level meanwhile.",
    },
    "basis_p_value": {
        "zh": "在 {count} 个正常时期的同形窗口中,按同样步骤出现同等净损失的概率为 {p}。",
        "en": "In {count:# normal window|# normal windows} of the same shape, the same steps found a net loss this large with a probability of {p}.",
    },
    "evidence_file": {
        "zh": "{kind}:{name}({rows} 行,{digest})",
        "en": "{kind}: {name} ({rows:# row|# rows}, {digest})",
    },
    "evidence_named": {"zh": "{label}:{names}", "en": "{label}: {names}"},
    "evidence_separator": {"zh": "；", "en": "; "},
    "evidence_this_report": {
        "zh": "本影响报告(含计算方法、区间与时间线)。完整 SHA-256 见证据清单。",
        "en": "this impact report (method, intervals and timeline). Full SHA-256 digests are in the evidence inventory.",
    },
    "basis_period": {
        "zh": "基准期为 {start} 至 {end}。",
        "en": "Baseline period: {start} to {end}.",
    },
    "method_period": {
        "zh": "基准期:{start} 至 {end},即第一次中断前 {weeks} 周。",
        "en": "Baseline period: {start} to {end}, the {weeks:# week|# weeks} before the first outage.",
    },
    "method_calibration": {
        "zh": "区间与 p 值:将中断的时间形状(含恢复期)平移到 {count} 个没有中断的正常时期(按整天平移,保持一天中的时段),用同样的方法预测,也按同样步骤测定补单;这些正常窗口中的误差给出 {confidence} 区间,其净损失(缺口减补单,真实值为零)给出在正常时期出现同等净损失的概率(p 值)。净损失的区间来自同样的正常窗口加上本次测得的补单后再按同样步骤计算的误差,因此恢复期的选择与收缩对真实补单的影响也计入区间。中断超过一天时,相邻窗口相互重叠,按其相当的独立窗口数计算。",
        "en": "Interval and p-value: the shape of the interruption (with its recovery windows) is laid over {count:# normal period|# normal periods} without interruption (shifted by whole days, keeping the time of day) and predicted with the same method, the catch-up measured by the same steps; the errors there give the {confidence} intervals, and their net losses (shortfall less catch-up, truly nothing) give the chance of a net loss this large on a normal day (the p-value). The net loss's interval comes from the same placebos with the catch-up found here added to them, measured again by the same steps, so that what picking the recovery window and shrinking it does to a real catch-up is part of the interval. When the interruption lasts longer than a day, neighbouring windows overlap and count as the independent windows they are worth.",
    },
    "method_money": {
        "zh": "金额:预期订单乘以基准期已完成订单的平均金额 {aov};实际收入为窗口内已完成订单的金额之和。取消、失败、退款的订单不计入收入。",
        "en": "Money: expected orders times the average value of completed orders in the baseline, {aov}; actual revenue is the sum of completed orders inside the windows. Cancelled, failed and refunded orders are not revenue.",
    },
    "method_money_by_hour": {
        "zh": "金额:每个时段的预期订单乘以基准期一天中同一小时已完成订单的平均金额(订单金额随时段变化;全天平均为 {aov});实际收入为窗口内已完成订单的金额之和。取消、失败、退款的订单不计入收入。",
        "en": "Money: each bucket's expected orders times the average value of completed orders at that hour of the day in the baseline (order values vary with the time of day; the average over all hours is {aov}); actual revenue is the sum of completed orders inside the windows. Cancelled, failed and refunded orders are not revenue.",
    },
    "method_catch_up_measured": {
        "zh": "补单:每次中断后,把订单高于预期的部分按 1、2、3、6、12、24 小时逐段累加;补单持续到订单不再高于预期为止(累计超出最多的时长),从不超过 {recovery}。挑选最佳时长在正常时期也会找到一些超出,因此在每个正常窗口上按同样方式挑选,只计入正常波动无法解释的部分(收缩系数 1 − 正常窗口平均平方超出 ÷ 本次超出的平方,不小于 0)。本次:{where},共超出预期 {surplus} 单,其中 {share} 计为补单({recovered} 单)。恢复期订单若仍低于预期,不追加索赔(保守处理)。",
        "en": "Catch-up: after each outage, orders above expectation are added up over 1, 2, 3, 6, 12 and 24 hours; the catch-up lasts as long as orders stay above expectation (the length with the largest surplus), never more than {recovery}. Picking the best length finds some surplus on normal days too, so the same pick is made on every placebo window and only what normal-day noise cannot explain is counted (shrinkage factor 1 − the placebos' mean squared surplus ÷ this surplus squared, at least 0). Here: {where}; {surplus} orders above expectation, of which {share} counted as catch-up ({recovered} orders). A shortfall that lingers after service returned is not added to the claim (a conservative choice).",
    },
    "method_catch_up_set": {
        "zh": "补单:{where}订单高于预期的部分(恢复期由分析人员设定),只计入正常波动无法解释的部分(与正常窗口上同样计算的超出相比收缩,系数不小于 0)。本次共超出预期 {surplus} 单,其中 {share} 计为补单({recovered} 单)。恢复期订单若仍低于预期,不追加索赔(保守处理)。",
        "en": "Catch-up: orders above expectation in {where} (a recovery window set by the analyst), counted only in the part normal-day noise cannot explain (shrunk against the surplus the same window shows on placebo windows, never below 0). Here {surplus} orders above expectation, of which {share} counted as catch-up ({recovered} orders). A shortfall that lingers after service returned is not added to the claim (a conservative choice).",
    },
    "recovery_set": {
        "zh": "服务恢复后 {recovery}内",
        "en": "the {recovery} after service returned",
    },
    "recovery_measured": {
        "zh": "恢复后订单高于预期的时段内(按数据测定,每次最长 {longest}:{windows})",
        "en": "the time after service returned while orders stayed above expectation (measured from the orders, at most {longest} each: {windows})",
    },
    "recovery_measured_none": {
        "zh": "恢复后订单高于预期的时段内(按数据测定,每次最长 {longest};本次恢复后订单没有超出正常时期也会出现的幅度)",
        "en": "the time after service returned while orders stayed above expectation (measured from the orders, at most {longest} each; here they did not rise above it by more than normal days do)",
    },
    "recovery_after": {
        "zh": "第 {number} 次中断后 {length}",
        "en": "{length} after interruption {number}",
    },
    "method_margin": {
        "zh": "利润:净直接损失乘以边际贡献率 {margin}(未发生的变动成本视为节省,固定成本不扣除)。索赔金额为利润损失加上已记录的额外费用。",
        "en": "Profit: the net direct loss times the contribution margin of {margin} (variable costs not incurred are saved; fixed costs are not deducted). The claim amount is the lost profit plus the documented extra expenses.",
    },
    "method_no_margin": {
        "zh": "未提供边际贡献率,索赔金额按未扣除成本的收入损失(净直接损失)加上已记录的额外费用计算:未接到的订单本应产生的变动成本未予扣除。提供边际贡献率(收入扣除变动成本后所剩的比例)即可改按利润损失索赔。",
        "en": "No contribution margin was given, so the amount claimed is the lost revenue before costs (the net direct loss) plus the documented extra expenses: the variable costs the lost orders would have carried are not deducted. Giving the contribution margin (the share of revenue left after variable costs) claims the lost profit instead.",
    },
    "limits": {"zh": "局限", "en": "Limitations"},
    "limit_seasonal": {
        "zh": "假设中断期间的需求与基准周同期相同;若同期有促销、天气、节日等其他因素,预期值可能偏高或偏低。对照渠道(如有)用于检验这一点。",
        "en": "Demand during the interruption is assumed to follow the same hours of the baseline weeks; a promotion, the weather or a festival at the same time would bias the expectation up or down. The control channel, when there is one, is shown to check this.",
    },
    "limit_control": {
        "zh": "假设对照渠道相对正常水平的变化同样发生在受影响渠道;只影响其中一个渠道的因素(例如只在网站上的促销)会使预期值偏高或偏低。",
        "en": "The control channel's departure from its normal level is assumed to apply to the affected channel too; something that moves only one channel (a promotion on the website alone, say) would bias the expectation up or down.",
    },
    "limit_regression": {
        "zh": "假设拟合期内订单与各回归项的关系在中断期间保持不变;模型未包含的因素(促销、天气、节日等)会使预期值偏高或偏低。",
        "en": "The relation fitted on the weeks before is assumed to hold during the interruption; a promotion, the weather or a festival the model does not know of would bias the expectation up or down.",
    },
    "limit_other": {
        "zh": "预期值是对正常需求的模型估计;若同期有促销、天气、节日等其他因素,预期值可能偏高或偏低。",
        "en": "The expectation is a model of normal demand; a promotion, the weather or a festival at the same time would bias it up or down.",
    },
    "limit_direct": {
        "zh": "只计算直接损失;客户流失、商誉等间接损失未计入,服务条款通常不予赔偿。订单记录的完整性由提供者负责,证据清单中的 SHA-256 可证明文件未被修改。",
        "en": "Only direct loss is computed; indirect losses such as lost future customers or reputation are not claimed and are usually excluded by the terms of service. The completeness of the order records is the claimant's responsibility; the SHA-256 digests in the evidence inventory show the files are unchanged.",
    },
    "control_normal": {
        "zh": "中断期间未受影响的 {control} 渠道实际 {actual} 单,预期 {expected} 单(正常水平的 {ratio}),说明缺口来自受影响渠道本身,而不是整体需求下降。",
        "en": "During the outages the unaffected {control} channel took {actual:# order|# orders} against {expected} expected ({ratio} of normal), so the shortfall belongs to the affected channel, not to a general drop in demand.",
    },
    "control_low": {
        "zh": "注意:对照渠道 {control} 在中断期间也只有正常水平的 {ratio},部分缺口可能有其他原因。",
        "en": "Caution: the control channel {control} also ran at only {ratio} of normal during the outages; part of the shortfall may have another cause.",
    },
    # --- what each figure means ----------------------------------------------------------
    "figures": {"zh": "各项数字的含义", "en": "What each figure means"},
    "figure": {"zh": "数字", "en": "Figure"},
    "value": {"zh": "数值", "en": "Value"},
    "meaning": {"zh": "含义", "en": "Meaning"},
    "fig_expected_orders": {"zh": "预期订单", "en": "Expected orders"},
    "def_expected_orders": {
        "zh": "若无中断,受影响渠道在中断窗口内应有的已完成订单数,由{method}得出;部分处于中断内的时段按覆盖比例计入。",
        "en": "Completed orders the affected channel would have taken inside the outage windows without the interruption, predicted by the {method}; a bucket partly inside an outage counts by the share covered.",
    },
    "fig_actual_orders": {"zh": "实际订单", "en": "Actual orders"},
    "def_actual_orders": {
        "zh": "受影响渠道在中断窗口内实际完成的订单数(取消、失败、退款的订单不计)。",
        "en": "Completed orders the affected channel actually took inside the outage windows (cancelled, failed and refunded orders not counted).",
    },
    "fig_lost_orders": {"zh": "订单总缺口", "en": "Gross lost orders"},
    "def_lost_orders": {
        "zh": "预期订单减实际订单;{confidence} 区间是该方法若像在正常时期窗口中那样出错时损失所在的范围。",
        "en": "Expected minus actual orders; the {confidence} interval is where the loss lies if the method errs as it did on the placebo windows.",
    },
    "fig_recovered_orders": {"zh": "补单", "en": "Catch-up orders"},
    "def_recovered_orders": {
        "zh": "{recovery}超出预期的订单(之后回来下单的客户)中,正常时期的波动无法解释的部分;不小于 0,从损失中扣除。",
        "en": "Of the orders above expectation in {recovery} (customers who came back later), the part normal-day noise cannot explain; never below 0, deducted from the loss.",
    },
    "fig_net_lost_orders": {"zh": "净损失订单", "en": "Net lost orders"},
    "def_net_lost_orders": {
        "zh": "订单总缺口减去补单:最终没有发生的订单。",
        "en": "Gross lost orders minus catch-up orders: the orders lost for good.",
    },
    "fig_expected_revenue": {"zh": "预期收入", "en": "Expected revenue"},
    "def_expected_revenue": {
        "zh": "预期订单乘以基准期平均订单金额 {aov}。",
        "en": "Expected orders times the baseline's average order value, {aov}.",
    },
    "def_expected_revenue_by_hour": {
        "zh": "每个时段的预期订单乘以基准期一天中同一小时的平均订单金额,再求和。",
        "en": "Each bucket's expected orders times the baseline's average order value at that hour of the day, summed.",
    },
    "fig_actual_revenue": {"zh": "实际收入", "en": "Actual revenue"},
    "def_actual_revenue": {
        "zh": "中断窗口内实际完成订单的金额之和。",
        "en": "The amounts of the completed orders inside the outage windows, summed.",
    },
    "fig_lost_revenue": {"zh": "收入总缺口", "en": "Gross lost revenue"},
    "def_lost_revenue": {
        "zh": "预期收入减实际收入,附 {confidence} 区间。",
        "en": "Expected minus actual revenue, with its {confidence} interval.",
    },
    "fig_recovered_revenue": {"zh": "补单收入", "en": "Catch-up revenue"},
    "def_recovered_revenue": {
        "zh": "计入的恢复期内超出预期的收入中,与补单订单同样比例计入的部分(补单的金额),不小于 0,从损失中扣除。",
        "en": "Revenue above expectation in the kept recovery windows, counted in the same share as the catch-up orders (what the catch-up was worth), never below 0; deducted.",
    },
    "fig_net_lost_revenue": {"zh": "净直接损失(收入)", "en": "Net lost revenue"},
    "def_net_lost_revenue": {
        "zh": "收入总缺口减去补单收入:净直接损失,附 {confidence} 区间。",
        "en": "Gross lost revenue minus catch-up revenue: the net direct loss, with its {confidence} interval.",
    },
    "def_aov": {
        "zh": "基准期内受影响渠道已完成订单的总金额除以订单数。",
        "en": "Completed revenue of the affected channel in the baseline period divided by its number of completed orders.",
    },
    "fig_lost_profit": {"zh": "利润损失", "en": "Lost profit"},
    "def_lost_profit": {
        "zh": "净直接损失乘以边际贡献率 {margin}:扣除未发生的变动成本后的损失。",
        "en": "Net direct loss times the contribution margin of {margin}: the loss less the variable costs not incurred.",
    },
    "fig_claimed_expenses": {"zh": "额外费用(索赔)", "en": "Claimed expenses"},
    "def_claimed_expenses": {
        "zh": "已记录并索赔的额外费用之和(共 {count} 项);间接损失只列示,不计入。",
        "en": "Sum of the documented extra expenses claimed (items: {count}); indirect losses are listed, never added.",
    },
    "fig_claim_amount": {"zh": "索赔金额", "en": "Claim amount"},
    "def_claim_amount": {
        "zh": "索赔的金额:{basis}加上已索赔的额外费用,附 {confidence} 区间。",
        "en": "What is claimed: the {basis} plus the claimed expenses, with its {confidence} interval.",
    },
    "evidence_screenshot": {"zh": "截图", "en": "Screenshots"},
    "evidence_recording": {"zh": "录屏/录音", "en": "Recordings"},
    "evidence_chat": {"zh": "聊天记录", "en": "Chat logs"},
    "evidence_contract": {"zh": "合同/协议", "en": "Contracts"},
    "evidence_ticket": {"zh": "客服工单", "en": "Support tickets"},
    "evidence_network": {"zh": "网络诊断", "en": "Network diagnostics"},
    "evidence_other": {"zh": "其他", "en": "Other"},
    "listed_evidence": {
        "zh": "申请人列出的其他证据",
        "en": "Other evidence listed by the claimant",
    },
    "item_name": {"zh": "名称", "en": "Item"},
    "not_a_file": {"zh": "非文件", "en": "not a file"},
    "claim_on_profit": {"zh": "利润损失", "en": "lost profit"},
    "claim_on_revenue": {"zh": "未扣除成本的收入损失", "en": "lost revenue before costs"},
    "fig_p_value": {"zh": "p 值", "en": "p-value"},
    "def_p_value": {
        "zh": "正常时期出现同等或更大(相对)净损失的概率:(1 + 净损失不小于本次的正常窗口数) ÷ ({count} + 1),因此不会低于 {floor};低于 {alpha} 且区间高于零,损失即确立。",
        "en": "The chance of a relative net loss at least this large on a normal day: (1 + the placebo windows with a net loss at least as large) ÷ ({count} + 1), so never below {floor}; below {alpha}, with an interval above zero, the loss is established.",
    },
    "def_p_value_t": {
        "zh": "正常时期出现同等或更大净损失的概率,由 {count} 个正常窗口净损失的 t 分布估计(窗口太少或相互重叠,无法按排序计算);低于 {alpha} 且区间高于零,损失即确立。",
        "en": "The chance of a net loss at least this large on a normal day, from a t distribution of the net losses on the {count:# placebo window|# placebo windows} (too few, or overlapping too much, to rank); below {alpha}, with an interval above zero, the loss is established.",
    },
    "fig_placebo_windows": {"zh": "正常时期窗口(安慰剂窗口)", "en": "Placebo windows"},
    "def_placebo_windows": {
        "zh": "没有中断的正常历史中,与本次中断(含恢复期)形状相同、一天中时段相同的窗口数;方法在这些窗口上的误差给出区间与 p 值。",
        "en": "Windows of normal history with the shape of the interruption (recovery included) and the same time of day; the method's errors on them give the intervals and the p-value.",
    },
    "fig_control_expected": {
        "zh": "对照渠道 {control} 预期订单",
        "en": "Control channel {control}: expected orders",
    },
    "def_control_expected": {
        "zh": "对照渠道在中断窗口内按其自身季节基准应有的订单数。",
        "en": "Orders the control channel would normally take inside the outage windows, from its own seasonal baseline.",
    },
    "fig_control_actual": {
        "zh": "对照渠道 {control} 实际订单",
        "en": "Control channel {control}: actual orders",
    },
    "def_control_actual": {
        "zh": "对照渠道在中断窗口内实际完成的订单数;接近预期说明需求本身没有下降。",
        "en": "Orders the control channel actually took inside the outage windows; close to expected means demand itself did not drop.",
    },
    # the sensitivity table (method section)
    "sens_heading": {
        "zh": "敏感性:换一种合理的选择,索赔金额是多少",
        "en": "Sensitivity: the amount claimed under other reasonable choices",
    },
    "sens_caption": {
        "zh": "每一行只改变一项选择,其余与本索赔相同(方法固定为本索赔所用的方法)。每个替代选择都用同一组正常时期窗口完整重新估计,区间的置信度相同({confidence});边际贡献率各行不重新估计,而是以净损失收入乘以该边际贡献率。标“本索赔”的行即上文的索赔金额。",
        "en": "Each row changes one choice alone; every other choice is the claim's own (the method fixed at the one the claim used). Each alternative is a full re-estimate on the same normal-day windows, its interval at the same confidence ({confidence}); the contribution-margin rows are not re-estimated but are the net lost revenue times that margin. The row marked “this claim” is the amount claimed above.",
    },
    "sens_spread": {
        "zh": "在本索赔的选择及 {count} 种可运行的替代选择下,索赔金额介于 {low} 至 {high} 之间;影响最大的是{choice}(在 {choice_low} 至 {choice_high} 之间变动)。",
        "en": "Under the claim's own choices and the {count:# alternative|# alternatives} that could run, the amount claimed spans {low} to {high}; the {choice} moves it most (from {choice_low} to {choice_high}).",
    },
    "sens_spread_none": {
        "zh": "没有可运行的替代选择。",
        "en": "No alternative choice could run.",
    },
    "sens_col_choice": {"zh": "选择", "en": "Choice"},
    "sens_col_value": {"zh": "取值", "en": "Set to"},
    "sens_col_amount": {"zh": "索赔金额", "en": "Amount claimed"},
    "sens_col_established": {"zh": "损失是否确立", "en": "Loss established?"},
    "sens_base": {"zh": "本索赔", "en": "this claim"},
    "sens_choice_method": {"zh": "预测方法", "en": "Prediction method"},
    "sens_choice_baseline_weeks": {"zh": "基线长度", "en": "Baseline length"},
    "sens_choice_recovery": {"zh": "恢复期(补单窗口)", "en": "Recovery window"},
    "sens_choice_freq": {"zh": "时间桶", "en": "Bucket"},
    "sens_choice_margin": {"zh": "边际贡献率", "en": "Contribution margin"},
    "sens_about_method": {"zh": "预测方法", "en": "prediction method"},
    "sens_about_baseline_weeks": {"zh": "基线长度", "en": "baseline length"},
    "sens_about_recovery": {"zh": "恢复期", "en": "recovery window"},
    "sens_about_freq": {"zh": "时间桶大小", "en": "bucket size"},
    "sens_about_margin": {"zh": "边际贡献率", "en": "contribution margin"},
    "sens_weeks": {"zh": "{count} 周", "en": "{count:# week|# weeks}"},
    "sens_recovery_none": {"zh": "无(不扣减补单)", "en": "none (no catch-up deducted)"},
    "sens_recovery_auto": {"zh": "按订单测定", "en": "measured from the orders"},
    "sens_reason_no_control": {
        "zh": "无法运行:未指定对照渠道",
        "en": "cannot run: no control channel was given",
    },
    "sens_reason_short_history": {
        "zh": "无法运行:订单历史不足这么多周",
        "en": "cannot run: the orders do not go back that many weeks",
    },
    "sens_reason_failed": {
        "zh": "无法运行:数据不足以按此选择估计",
        "en": "cannot run: the data do not allow an estimate with this choice",
    },
}
