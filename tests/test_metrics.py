"""Metric extraction (SPEC §3): Chinese report fragments → the figures a careful reader takes."""

from __future__ import annotations

import pytest
from builders import build_docx

from analytics import schema
from analytics.metrics import extract_mentions
from analytics.readers import read_document
from analytics.records import CONFIDENCE_LEVELS, Mention, Report, Sections, Span
from analytics.sections import split_sections

Row = tuple[str, int | float, bool, str]


def _found(text: str, sections: Sections | None = None) -> list[Row]:
    return [
        (m.metric, m.value, m.approx, m.unit_of_measure)
        for m in extract_mentions(text, sections or Sections())
    ]


# --- Figures that must be found -----------------------------------------------------------------
FOUND: list[tuple[str, list[Row]]] = [
    # a community counting the in-service members who reported to it
    ("社区主动对接共建单位，报到在职党员96名。", [("community_checkins", 96, False, "名")]),
    # meetings on integrity together with another subject
    (
        "全年党委会专题研究师德师风和党风廉政建设4次。",
        [("integrity_meetings", 4, False, "次")],
    ),
    # committee meetings of a general branch, in a "分别为" list
    (
        "全年召开党总支委员会、党员大会分别为9次、3次。",
        [("branch_committee_meetings", 9, False, "次"), ("member_assemblies", 3, False, "次")],
    ),
    ("机关设党支部3个，支部书记均由班子成员担任。", [("branches", 3, False, "个")]),
    # members_admitted
    ("今年共发展党员3名。", [("members_admitted", 3, False, "名")]),
    ("全年发展新党员5名，均为业务骨干。", [("members_admitted", 5, False, "名")]),
    ("年内发展预备党员2名", [("members_admitted", 2, False, "名")]),
    ("支部全年发展了4名新党员", [("members_admitted", 4, False, "名")]),
    ("吸收3名优秀青年入党", [("members_admitted", 3, False, "名")]),
    ("经支部大会讨论，2名同志被发展为预备党员", [("members_admitted", 2, False, "名")]),
    ("发展两名预备党员", [("members_admitted", 2, False, "名")]),
    ("接收预备党员3人", [("members_admitted", 3, False, "人")]),
    ("全年新发展党员十二名", [("members_admitted", 12, False, "名")]),
    ("发展党员 4 名", [("members_admitted", 4, False, "名")]),
    ("发展党员４名", [("members_admitted", 4, False, "名")]),
    (
        "按程序发展正式党员4名，预备党员1名",
        [("members_confirmed", 4, False, "名"), ("members_admitted", 1, False, "名")],
    ),
    ("2023年以来，支部发展党员3名", [("members_admitted", 3, False, "名")]),
    ("全年累计发展党员6名", [("members_admitted", 6, False, "名")]),
    # members_confirmed
    ("预备党员按期转正6名", [("members_confirmed", 6, False, "名")]),
    ("办理预备党员转正手续3人", [("members_confirmed", 3, False, "人")]),
    ("5名预备党员按期转为正式党员", [("members_confirmed", 5, False, "名")]),
    ("按期转正预备党员两名", [("members_confirmed", 2, False, "名")]),
    # activists, development targets, applications
    ("培养入党积极分子15名", [("activists", 15, False, "名")]),
    ("确定入党积极分子4名", [("activists", 4, False, "名")]),
    ("新培养12名入党积极分子", [("activists", 12, False, "名")]),
    ("确定发展对象5名", [("development_targets", 5, False, "名")]),
    ("将3名入党积极分子确定为发展对象", [("development_targets", 3, False, "名")]),
    ("收到入党申请书12份", [("applications", 12, False, "份")]),
    ("全年共有8名青年递交入党申请书", [("applications", 8, False, "名")]),
    (
        "全年收到入党申请书10份，确定积极分子6名，发展对象3名",
        [
            ("applications", 10, False, "份"),
            ("activists", 6, False, "名"),
            ("development_targets", 3, False, "名"),
        ],
    ),
    # theory group and member study
    ("党组理论学习中心组开展集中学习12次", [("theory_group_sessions", 12, False, "次")]),
    ("局党委中心组专题学习10次", [("theory_group_sessions", 10, False, "次")]),
    ("召开理论学习中心组学习会9场", [("theory_group_sessions", 9, False, "场")]),
    ("全年开展党委理论学习中心组学习十二次", [("theory_group_sessions", 12, False, "次")]),
    ("组织党员集中学习24次", [("member_study_sessions", 24, False, "次")]),
    ("开展支部集体学习18次", [("member_study_sessions", 18, False, "次")]),
    ("组织全体党员开展集中学习20余次", [("member_study_sessions", 20, True, "次")]),
    (
        "召开党委中心组学习会议8次，组织党员集体学习30次",
        [("theory_group_sessions", 8, False, "次"), ("member_study_sessions", 30, False, "次")],
    ),
    # party lectures, theme party days
    ("书记讲党课4次", [("party_lectures", 4, False, "次")]),
    ("讲授专题党课3场", [("party_lectures", 3, False, "场")]),
    ("为党员上了2次专题党课", [("party_lectures", 2, False, "次")]),
    ("班子成员到联系点讲党课共6堂", [("party_lectures", 6, False, "堂")]),
    ("开展主题党日活动12次", [("theme_party_days", 12, False, "次")]),
    ("组织开展了十二次主题党日活动", [("theme_party_days", 12, False, "次")]),
    # meetings
    ("党组会议专题研究党建工作6次", [("party_building_meetings", 6, False, "次")]),
    ("召开党建工作专题会议4次", [("party_building_meetings", 4, False, "次")]),
    ("党组会议研究党的建设工作8次", [("party_building_meetings", 8, False, "次")]),
    ("召开党建领导小组会议2次", [("party_building_meetings", 2, False, "次")]),
    ("开展固定党日活动12次", [("theme_party_days", 12, False, "次")]),
    ("召开组织生活会2次", [("org_life_meetings", 2, False, "次")]),
    ("全年召开专题组织生活会3场", [("org_life_meetings", 3, False, "场")]),
    ("召开支委会12次", [("branch_committee_meetings", 12, False, "次")]),
    ("全年召开支部委员会会议24次", [("branch_committee_meetings", 24, False, "次")]),
    ("召开党员大会4次", [("member_assemblies", 4, False, "次")]),
    ("支部党员大会全年召开5次", [("member_assemblies", 5, False, "次")]),
    ("召开党员大会４次", [("member_assemblies", 4, False, "次")]),
    ("专题研究党风廉政建设工作3次", [("integrity_meetings", 3, False, "次")]),
    ("召开党风廉政建设专题会议2次", [("integrity_meetings", 2, False, "次")]),
    ("召开廉政工作会议两次", [("integrity_meetings", 2, False, "次")]),
    (
        "召开支委会12次、党员大会4次，讲党课4次",
        [
            ("branch_committee_meetings", 12, False, "次"),
            ("member_assemblies", 4, False, "次"),
            ("party_lectures", 4, False, "次"),
        ],
    ),
    (
        "全年召开组织生活会2次，开展主题党日活动12次",
        [("org_life_meetings", 2, False, "次"), ("theme_party_days", 12, False, "次")],
    ),
    (
        "召开会议20次，其中支委会12次、党员大会4次",
        [("branch_committee_meetings", 12, False, "次"), ("member_assemblies", 4, False, "次")],
    ),
    # talks
    ("开展谈心谈话50余人次", [("talks", 50, True, "人次")]),
    ("与党员干部谈心谈话120人次", [("talks", 120, False, "人次")]),
    ("书记与班子成员谈心30次", [("talks", 30, False, "次")]),
    ("开展谈心谈话约60人次", [("talks", 60, True, "人次")]),
    # trainings
    ("举办入党积极分子培训班2期", [("trainings", 2, False, "期")]),
    ("培训党员干部300余人次", [("trainings", 300, True, "人次")]),
    ("组织党务干部参加轮训45人", [("trainings", 45, False, "人")]),
    ("共培训基层党员1.2万人次", [("trainings", 12000, False, "人次")]),
    ("培训党员上千人次", [("trainings", 1000, True, "人次")]),
    ("培训党员200人次以上", [("trainings", 200, True, "人次")]),
    ("开展培训12期，其中党员300名", [("trainings", 12, False, "期")]),
    # stocks: party members and branches
    ("支部现有党员85名", [("party_members", 85, False, "名")]),
    ("党委共有党员1,200名", [("party_members", 1200, False, "名")]),
    ("现有在职党员46人", [("party_members", 46, False, "人")]),
    ("现有85名党员", [("party_members", 85, False, "名")]),
    ("共有正式党员478名，预备党员3名", [("party_members", 481, False, "名")]),
    ("支部有正式党员40名，预备党员2名", [("party_members", 42, False, "名")]),
    ("现有党员50名，其中预备党员2名", [("party_members", 50, False, "名")]),
    ("支部共有在职党员32名，离退休党员15名", [("party_members", 47, False, "名")]),
    (
        "现有党员50名，其中在职党员32名、退休党员18名",
        [("party_members", 50, False, "名"), ("party_members", 50, False, "名")],
    ),
    ("下设党支部5个", [("branches", 5, False, "个")]),
    ("下设3个党支部", [("branches", 3, False, "个")]),
    (
        "局党委下设基层党组织8个，党员210名",
        [("branches", 8, False, "个"), ("party_members", 210, False, "名")],
    ),
    # community check-ins
    ("42名在职党员全部到社区报到", [("community_checkins", 42, False, "名")]),
    ("到居住地社区报到的在职党员36名", [("community_checkins", 36, False, "名")]),
    ("我单位60名在职党员已到社区报到并认领服务岗位", [("community_checkins", 60, False, "名")]),
    # volunteers
    ("开展志愿服务活动30余次", [("volunteer_activities", 30, True, "次")]),
    ("参与志愿服务1500人次", [("volunteer_activities", 1500, False, "人次")]),
    ("组织党员开展了16场志愿服务", [("volunteer_activities", 16, False, "场")]),
    ("开展志愿服务活动近百次", [("volunteer_activities", 100, True, "次")]),
    # dues
    ("全年收缴党费2.3万元", [("dues", 23000, False, "元")]),
    ("缴纳党费12,680元", [("dues", 12680, False, "元")]),
    ("党费收缴共计8600元", [("dues", 8600, False, "元")]),
    ("按时足额交纳党费3.45万余元", [("dues", 34500, True, "元")]),
    ("收缴党费1234.5元", [("dues", 1234.5, False, "元")]),
    # publicity
    ("编发党建工作简报12期", [("publicity_items", 12, False, "期")]),
    ("在各类媒体发表宣传稿件35篇", [("publicity_items", 35, False, "篇")]),
    ("公开党务信息86条", [("publicity_items", 86, False, "条")]),
    ("撰写信息40余篇", [("publicity_items", 40, True, "篇")]),
    ("通过公众号发布了120条信息", [("publicity_items", 120, False, "条")]),
    # the genre: stocks with breakdowns, figures in series, totals, wrapped lines
    ("村党支部现有党员42名，其中女党员8名", [("party_members", 42, False, "名")]),
    ("镇党委下辖党支部23个，其中村党支部12个", [("branches", 23, False, "个")]),
    ("新成立党支部1个，全镇基层党组织达到39个", [("branches", 39, False, "个")]),
    (
        "公司党委所属党支部21个，在册党员1,024名",
        [("branches", 21, False, "个"), ("party_members", 1024, False, "名")],
    ),
    (
        "医院党委下设党支部14个，党员386名",
        [("branches", 14, False, "个"), ("party_members", 386, False, "名")],
    ),
    ("社区在职党员报到186名", [("community_checkins", 186, False, "名")]),
    (
        "全街道在职党员报到2000余人，我社区有210名在职党员到社区报到",
        [("community_checkins", 210, False, "名")],
    ),
    ("全镇共发展党员15名", [("members_admitted", 15, False, "名")]),
    (
        "召开支部委员会12次、党员大会4次、党小组会24次",
        [("branch_committee_meetings", 12, False, "次"), ("member_assemblies", 4, False, "次")],
    ),
    ("全年召开党委会38次，其中研究党建工作12次", [("party_building_meetings", 12, False, "次")]),
    (
        "党委理论学习中心组开展集体学习14次，其中专题研讨6次",
        [("theory_group_sessions", 14, False, "次")],
    ),
    ("开展志愿服务活动42场次，服务群众3000余人次", [("volunteer_activities", 42, False, "场次")]),
    (
        "召开支委会、党员大会分别为12次、4次",
        [("branch_committee_meetings", 12, False, "次"), ("member_assemblies", 4, False, "次")],
    ),
    ("坚持每月召开支委会，全年共召开12次", [("branch_committee_meetings", 12, False, "次")]),
    ("按规定收缴党费，累计2.8万元", [("dues", 28000, False, "元")]),
    (
        "按照书记每季度讲1次党课的要求，班子成员到联系点讲党课7次",
        [("party_lectures", 7, False, "次")],
    ),
    ("制定年度学习计划，组织党员集中学习22次", [("member_study_sessions", 22, False, "次")]),
    ("按照全市统一部署，召开支委会12次", [("branch_committee_meetings", 12, False, "次")]),
    ("参加全市党务干部培训班2期", [("trainings", 2, False, "期")]),
    (
        "三是规范党费收缴。严格执行党费收缴使用管理规定，按月足额收缴，全年收缴党\n费10.2万元，按规定及时上缴",
        [("dues", 102000, False, "元")],
    ),
    (
        "二是抓好全员培训。以镇党校为主阵地，举办村干部、农村党员等各类培训班，全年培训党员干部\n1500余人次",
        [("trainings", 1500, True, "人次")],
    ),
    ("全年收缴党费1.12万元", [("dues", 11200, False, "元")]),
    ("共有120名党员参加了集中培训", [("trainings", 120, False, "名")]),
    (
        "2023年，支部发展党员3名；2021年发展党员2名。2023年召开支委会12次",
        [("members_admitted", 3, False, "名"), ("branch_committee_meetings", 12, False, "次")],
    ),
    (
        "根据《2021—2025年全国党员教育培训工作规划》，培训党员120人次",
        [("trainings", 120, False, "人次")],
    ),
    # sessions and head counts written together: both are the metric's (the table takes the
    # larger head count), whether joined directly, by 、/计, or by the next clause
    (
        "举办党员轮训班6期420人次",
        [("trainings", 6, False, "期"), ("trainings", 420, False, "人次")],
    ),
    (
        "开展专题培训8场次、960人次",
        [("trainings", 8, False, "场次"), ("trainings", 960, False, "人次")],
    ),
    (
        "组织青年党员培训班3期，参加学员210人次",
        [("trainings", 3, False, "期"), ("trainings", 210, False, "人次")],
    ),
    (
        "组织业务培训3批次共150人",
        [("trainings", 3, False, "批次"), ("trainings", 150, False, "人")],
    ),
    (
        "开展党务知识培训4期计230余人次",
        [("trainings", 4, False, "期"), ("trainings", 230, True, "人次")],
    ),
    (
        "组织党员开展志愿服务32场次，参与党员640余人次",
        [("volunteer_activities", 32, False, "场次"), ("volunteer_activities", 640, True, "人次")],
    ),
    (
        "围绕环境整治开展志愿活动20次，动员党员志愿者400人次",
        [("volunteer_activities", 20, False, "次"), ("volunteer_activities", 400, False, "人次")],
    ),
    (
        "全年组织志愿服务12次，累计参与230人次",
        [("volunteer_activities", 12, False, "次"), ("volunteer_activities", 230, False, "人次")],
    ),
    ("开展主题党日活动24场次", [("theme_party_days", 24, False, "场次")]),
    # membership written as a stock in many ways (a space may stand before the figure)
    ("支部共有党员 73 名，平均年龄41岁", [("party_members", 73, False, "名")]),
    ("全支部党员总人数为45人", [("party_members", 45, False, "人")]),
    ("党员人数已达到120人", [("party_members", 120, False, "人")]),
    ("党总支现有在册党员共计96名", [("party_members", 96, False, "名")]),
    ("共有党员达58名", [("party_members", 58, False, "名")]),
    ("党员队伍总数达到310名", [("party_members", 310, False, "名")]),
    ("支部共计62名党员，其中女党员20名", [("party_members", 62, False, "名")]),
    # publishing verbs name publicity items
    ("向上级报送党建信息48条", [("publicity_items", 48, False, "条")]),
    ("在区级以上媒体刊发稿件16篇", [("publicity_items", 16, False, "篇")]),
    ("微信公众号全年推送96期", [("publicity_items", 96, False, "期")]),
    ("被学习强国平台采用9篇", [("publicity_items", 9, False, "篇")]),
    ("在门户网站发布支部动态60余条", [("publicity_items", 60, True, "条")]),
    ("通过公众号推送图文消息130条", [("publicity_items", 130, False, "条")]),
    ("编发党建专报7期", [("publicity_items", 7, False, "期")]),
    # lecturers' turns (人次) after 讲/授/上…党课 count lectures
    ("各支部书记讲党课共计19人次", [("party_lectures", 19, False, "人次")]),
    ("班子成员深入基层联系点讲授专题党课8人次", [("party_lectures", 8, False, "人次")]),
    (
        "书记带头上党课3次，委员讲党课12人次",
        [("party_lectures", 3, False, "次"), ("party_lectures", 12, False, "人次")],
    ),
    # a leadership meeting that studied party building, whatever it is called
    ("召开党委会议研究党建工作7次", [("party_building_meetings", 7, False, "次")]),
    ("全年召开专题会议研究部署党建工作5次", [("party_building_meetings", 5, False, "次")]),
    ("党组会专题研究基层党建工作6次", [("party_building_meetings", 6, False, "次")]),
    ("召开党建工作推进会3次", [("party_building_meetings", 3, False, "次")]),
    # the unit's whole membership, named by its scope or with a qualifier of the members
    ("学校党委全体党员102名", [("party_members", 102, False, "名")]),
    ("街道辖区内党员2890名", [("party_members", 2890, False, "名")]),
    ("公司共有职工党员64名", [("party_members", 64, False, "名")]),
    ("全局党员总数为67名", [("party_members", 67, False, "名")]),
    ("学院党委全体教职工党员95名", [("party_members", 95, False, "名")]),
    # the head count of a training after its sessions, whatever the nearest cue
    (
        "组织党员业务培训 6 期、参训 410 人次",
        [("trainings", 6, False, "期"), ("trainings", 410, False, "人次")],
    ),
    (
        "培训4期、参训党员312人次",
        [("trainings", 4, False, "期"), ("trainings", 312, False, "人次")],
    ),
    ("开展党员培训6批次", [("trainings", 6, False, "批次")]),
    (
        "分2批次轮训党员，参训180人次",
        [("trainings", 2, False, "批次"), ("trainings", 180, False, "人次")],
    ),
    # branches set up, belonging to the unit, or the members' branches
    ("全公司设立党支部８个", [("branches", 8, False, "个")]),
    ("所属党支部14个", [("branches", 14, False, "个")]),
    ("公司党委下设机关、营销、生产3个党支部", [("branches", 3, False, "个")]),
    ("在职党员分别编入4个党支部", [("branches", 4, False, "个")]),
    ("按照应建尽建的原则成立党支部3个", [("branches", 3, False, "个")]),
    ("镇党委下辖党组织31个，其中村党支部24个", [("branches", 31, False, "个")]),
    ("下设科室5个、党支部3个", [("branches", 3, False, "个")]),
    (
        "局机关有党支部4个，党员53名",
        [("branches", 4, False, "个"), ("party_members", 53, False, "名")],
    ),
    ("全年召开9次党组会议专题研究党建工作", [("party_building_meetings", 9, False, "次")]),
    # publicity: the noun 规划 (a land-use or legal-education plan) is no plan of a figure
    (
        "围绕普法规划，在省级媒体发表法治宣传稿件27篇",
        [("publicity_items", 27, False, "篇")],
    ),
    (
        "把党建与国土空间规划编制同部署，全年召开党组会议研究党建工作4次",
        [("party_building_meetings", 4, False, "次")],
    ),
    ("编发工作简报36期", [("publicity_items", 36, False, "期")]),
    ("推送微信推文125条", [("publicity_items", 125, False, "条")]),
    # shortfalls stated in the problems section are still facts
    ("全年仅讲党课2次，党员参与不够。", [("party_lectures", 2, False, "次")]),
    ("组织生活会只召开了1次", [("org_life_meetings", 1, False, "次")]),
]

# --- Traps: numbers that are not metrics (SPEC §3 "NOT metrics") ---------------------------------
NOTHING: list[str] = [
    "今年新设党支部1个，实现组织全覆盖。",  # newly created: not the stock of branches
    "开设学习专栏3个。",
    # years and dates
    "2023年发展党员工作扎实推进",
    "每月26日开展主题党日活动",
    "1-12月党费已全额上缴",
    "12月29日召开党员大会",
    "于2023年3月召开组织生活会",
    # ages and durations
    "党员平均年龄43岁",
    "每次党课不少于90分钟",
    "参加培训共计24个学时",
    "开展集中培训3天",
    "志愿服务时长累计2000小时",
    # percentages and ratios
    "党员占职工总数的38%",
    "按5:4:1比例发展党员",
    "主题党日参与率达100%",
    "党费收缴率100%",
    # ordinals and names
    "认真学习市第十三次党代会精神",
    "深入学习党的二十大精神",
    "庆祝建党100周年",
    "召开第二次党员大会",
    "开展“5.18”主题党日活动",
    "区第五次党代会胜利召开",
    "举办第3期入党积极分子培训班",
    "第一次全体党员大会顺利召开",
    # slogans and list counts
    "坚决做到“两个维护”",
    "树牢四个意识",
    "聚焦五大任务",
    "推行“3344”工作法",
    "畅通12345热线",
    "严格执行“525”发展党员程序",
    "查摆5个方面突出问题",
    "检视出三个方面四个问题",
    "明确11项重点工作",
    "坚持“成熟一个，发展一个”",
    "教育引导党员在7个方面作表率",
    "对发展党员实行一人一档",
    "落实发展党员工作程序25个环节",
    "开展“三会一课”48次",
    "实施“1+3”党建品牌，打造“两学一做”学习教育常态化",
    # norms and frequencies
    "每季度召开1次党员大会",
    "支委会每月不少于1次",
    "要求书记每年至少讲1次党课",
    "坚持一月一总结、一季一考核",
    "主题党日每月开展1次",
    "组织生活会原则上每年召开1次",
    "原则上每两个月召开1次支委会",
    "党员大会每季度召开一次",
    "确保每个支部每年发展党员1名",
    "每个支部发展党员1-2名",
    "支部书记讲党课1次/季度",
    # plans, quotas and forecasts
    "计划发展党员24名",
    "力争全年发展党员3名",
    "预计年底转正预备党员2名",
    "上级下达发展党员指导数20人",
    "拟发展预备党员3名",
    "明年将召开党员大会4次",
    "下一步，计划开展主题党日活动12次",
    "2024年力争培养入党积极分子10名",
    "力争年内发展入党积极分子5名",
    "目标是培养发展对象10名",
    "拟召开党员大会2次",
    "争取全年开展志愿服务20次",
    "计划培训3至5期",
    # cumulative figures over other periods, comparisons
    "三年来共发展党员67名",
    "2023年，支部继续做好发展工作。2014年以来累计发展党员45名",
    "去年发展党员5名",
    "党员人数比上年增加5名",
    "近三年培养入党积极分子30名",
    "党的十八大以来共发展党员120名",
    "上年度召开支委会10次",
    "往年每年发展党员2名左右",
    "任现职以来讲党课12次",
    "与去年相比，多开展主题党日活动3次",
    "人均参加培训3次",
    "平均每个支部发展党员2名",
    # superior or wider scope
    "全市共发展党员3200名",
    "全县召开组织生活会860场",
    "全区各级党组织共开展主题党日活动1200余次",
    "全系统收缴党费56万元",
    "全省培训党务干部2万人次",
    "全旗发展党员260名",
    "全县召开组织生活会860场，开展主题党日活动2000余次",
    "我村党员参加全镇组织的活动。全镇共发展党员60名",
    # meetings about the report itself
    "组织30名党员参加述职评议培训",
    "召开述职评议会，12名支部书记现场述职",
    # not the metric: money that is not dues, items that are not publicity
    "为困难党员送去慰问金5000元",
    "使用党费慰问困难党员12名，支出6000元",
    "梳理问题清单15条",
    "收集意见建议信息15条",
    "召开党员大会，选举产生新一届支委会委员5名",
    "党小组会全年召开24次",
    "修订完善制度8项",
    "组建党员志愿服务队3支",
    "创建“最强党支部”3个",
    "给予2名党员诫勉谈话",
    "排名前3名",
    # stocks are not flows, parts are not the stock
    "有预备党员3名",
    "现有女党员8名",
    "现有流动党员12名",
    "其中预备党员2名",
    # placeholders
    "发展党员X名",
    "召开支委会XX次",
    "讲党课*次",
    "收缴党费××元",
    # more traps in other phrasings
    "再一次召开支委会研究",
    "党员大会一年一次，支委会一月一次",
    "组织生活会上，班子成员之间提出批评意见28条",
    "全年共梳理问题清单12条，整改完成11条",
    "组织开展答题竞赛2场，参与党员86人次",
    "支部委员5名，其中书记1名、副书记1名",
    "党员发展实行“五个环节”“二十五个步骤”",
    "党员学习培训积分排名前10名予以表扬",
    "党员人均参加培训时长达到56学时",
    "开展党员志愿服务活动，服务时长累计5000小时",
    "较去年多发展党员2名",
    "比上年增加主题党日活动3次",
    "近五年来共发展党员58名",
    "2023年，支部做好发展工作。自2019年以来累计收缴党费50余万元",
    "计划投入党费2万元用于教育培训",
    "全年计划召开党员大会4次",
    "拟于年底前召开组织生活会1次",
    "力争到2025年建成标准化党支部20个",
    "下一步，将组织党员集中学习12次",
    "每半年至少召开1次专题组织生活会",
    "每名党员每月至少参加1次主题党日",
    "支部书记讲党课每年不少于1次",
    "全市党员总数达到12万名",
    "全县党组织共收缴党费2300万元",
    "全系统开展谈心谈话3000余人次",
    "全省党员志愿者参与服务1万余人次",
    "印发《关于召开2次组织生活会的通知》",
    "开展“百名党员进社区”活动",
    "召开第3次党员大会",
    "党组书记带头讲党课X次",
    "召开支委会（ ）次",
    # head counts that are not the metric's: people served, people at another event, parts
    "开展志愿服务活动，服务群众2000余人次",
    "开展党史知识竞赛2场，参与党员120人次",
    "召开支部委员会，参会人员96人次",
    "全市举办培训班5期1200人次",
    "计划举办培训班3期300人次",
    "去年共培训党员4期200人次",
    "培训时长累计20学时",
    # subgroups of the membership are not the membership
    "流动党员总数12名",
    "女党员人数为18名",
    "离退休党员人数26人",
    "35岁以下青年党员人数达21名",
    "预备党员人数为3名",
    "全县党员总数达到3.2万名",
    # publishing verbs and information that are not publicity items
    "采集居民信息3000余条",
    "更新党员信息120条",
    "印发学习资料500份",
    "编印宣传册2000份",
    "信息采用率达90%",
    "下一步计划推送推文50篇",
    "全市共刊发稿件800篇",
    "公众号每月推送不少于4期",
    "发布整改问题清单18条",
    # an audience of lectures is no lecture count; a plan or norm of lecturers' turns neither
    "组织党员听党课320人次",
    "党员参加党课学习累计450人次",
    "书记讲党课覆盖党员600人次",
    "计划讲党课10人次",
    "支部书记讲党课的要求是每季度1人次",
    # leadership meetings on other business are not party-building meetings
    "全年召开党委会议23次",
    # part of the membership, another scope, or another year is no membership total
    "全镇共有流动党员35名",
    "村里现有女党员9名",
    "现有预备党员4名",
    "全市党员1.2万名",
    "去年全体党员56名",
    "全体党员88名参加了集中学习",
    "帮助有需要的党员5名",
    "慰问辖区困难党员30名",
    "辖区党员志愿者85名",
    # branches newly set up or other offices are no branch total
    "新成立党支部2个",
    "今年新组建小区党支部1个",
    "所有党支部3个月内完成换届",
    "下设办公室、财务科等6个科室",
    # 规划 as a verb of the future is a plan
    "规划发展党员3名",
    "规划建设党群服务中心2个",
    # combined counts are neither metric
    "召开支委会和党员大会共16次",
    "开展主题党日、志愿服务等活动36次",
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_figures_are_found(text: str, expected: list[Row]) -> None:
    assert _found(text) == expected


# Other periods, one phrase for each way of naming one (the data file's search skips to the
# characters that can start them: every one must still be read).
OTHER_PERIODS: list[str] = [
    "往年同期发展党员4名",
    "历年累计收缴党费12万元",
    "以往每年召开党员大会2次",
    "前年发展党员3名",
    "上一年度召开支委会10次",
    "同比增加培训3期",
    "环比多开展主题党日2次",
    "任职以来共讲党课15次",
    "换届以来发展党员9名",
    "履职以来累计谈心谈话300人次",
    "上任以来召开支委会40次",
    "建党以来发展党员800余名",
    "这三年来召开组织生活会6次",
    "近5年发展党员21名",
    "10年来累计发展党员50名",
    "十八大以来发展党员120名",
    "二十大以来召开党员大会8次",
]


@pytest.mark.parametrize("text", OTHER_PERIODS)
def test_figures_of_other_periods_yield_nothing(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("text", NOTHING)
def test_numbers_that_are_not_metrics_yield_nothing(text: str) -> None:
    assert _found(text) == []


def test_the_tables_have_enough_rows_and_half_are_traps() -> None:
    assert len(FOUND) + len(NOTHING) >= 150
    assert len(NOTHING) >= len(FOUND) * 0.9


def test_every_metric_key_is_exercised() -> None:
    seen = {row[0] for _, rows in FOUND for row in rows}
    assert seen == set(schema.METRIC_KEYS)


# --- Spans and evidence -------------------------------------------------------------------------
LONG = (
    "一年来，支部坚持把党的政治建设摆在首位，认真落实“三会一课”制度，"
    "全年召开支委会12次、党员大会4次，书记讲党课3次，"
    "组织党员深入社区开展志愿服务活动26次，参与群众满意度评价，"
    "持续加强党员教育管理，扎实做好发展党员工作，严格程序发展党员2名，"
    "按期转正预备党员1名，及时足额收缴党费1.5万元，各项工作取得了较好成效。\n"
    "二、存在问题\n一是组织生活会只召开了1次。"
)


@pytest.mark.parametrize("text", [t for t, _ in FOUND] + [LONG])
def test_span_is_the_figure_and_evidence_contains_it(text: str) -> None:
    for m in extract_mentions(text, Sections()):
        figure = text[m.start : m.end]
        assert figure.endswith(m.unit_of_measure)
        assert figure[0] not in "，、。；：,"
        assert figure.replace("\n", "") in m.evidence
        assert len(m.evidence) <= 120


def test_long_sentences_give_short_evidence_that_holds_the_figure() -> None:
    mentions = extract_mentions(LONG, Sections())
    assert [m.metric for m in mentions] == [
        "branch_committee_meetings",
        "member_assemblies",
        "party_lectures",
        "volunteer_activities",
        "members_admitted",
        "members_confirmed",
        "dues",
        "org_life_meetings",
    ]
    for m in mentions:
        assert LONG[m.start : m.end] in m.evidence
        assert len(m.evidence) <= 120
    dues = mentions[6]
    assert (LONG[dues.start : dues.end], dues.value) == ("1.5万元", 15000)


def test_mentions_are_sorted_by_position() -> None:
    starts = [m.start for m in extract_mentions(LONG, Sections())]
    assert starts == sorted(starts)


def test_integral_values_are_ints_and_others_floats() -> None:
    values = {m.metric: m.value for m in extract_mentions(LONG, Sections())}
    assert type(values["branch_committee_meetings"]) is int
    assert type(values["dues"]) is int  # 1.5万元 → 15000
    mentions = extract_mentions("收缴党费1234.5元", Sections())
    assert type(mentions[0].value) is float


# --- Sections: plans in the next-steps part ----------------------------------------------------
def test_figures_in_next_steps_are_plans() -> None:
    text = (
        "一、工作情况\n全年发展党员3名，各项工作扎实推进，党员队伍建设持续加强。\n"
        "二、下一步工作打算\n发展党员5名，召开支委会12次。"
    )
    plans_at = text.index("二、下一步")
    sections = Sections(next_steps=Span(plans_at, len(text)))
    assert _found(text, sections) == [("members_admitted", 3, False, "名")]
    # Without the split the plan figures read as facts: the clause has no plan cue.
    assert len(_found(text)) == 3


def test_a_next_steps_part_misread_early_in_the_text_is_not_trusted() -> None:
    text = (
        "全年发展党员3名，召开支委会12次。"
        + "各项工作扎实推进。" * 10
        + "\n三、下一步打算\n继续努力。"
    )
    sections = Sections(next_steps=Span(0, len(text)))
    assert len(_found(text, sections)) == 2


def test_problems_inside_a_combined_next_steps_heading_still_count() -> None:
    text = "二、存在问题和下一步打算\n一是全年只讲党课2次。下一步，计划讲党课4次。"
    start = text.index("一是")
    sections = Sections(problems=Span(start, len(text)), next_steps=Span(start, len(text)))
    assert _found(text, sections) == [("party_lectures", 2, False, "次")]


def test_other_years_are_not_this_years_figures() -> None:
    text = (
        "现将2023年度抓基层党建工作情况报告如下。全年发展党员3名。2022年发展党员2名。\n"
        "三、2024年工作打算\n2024年发展党员4名，2024年召开支委会12次，2024年开展主题党日12次。"
    )
    plans_at = text.index("三、")
    sections = Sections(next_steps=Span(plans_at, len(text)))
    assert _found(text, sections) == [("members_admitted", 3, False, "名")]


def test_a_late_year_since_is_a_cumulative_figure_even_as_the_only_year() -> None:
    # A report without a year of its own: the one year named (mid-text, with 以来) is no
    # evidence of the report's year, so its cumulative figure is not this year's.
    work = "坚持把理论学习放在首位，严格落实第一议题制度，班子成员带头学习。" * 6
    text = f"{work}全年发展党员2名。2018年以来，机关累计发展党员19名。"
    assert _found(text) == [("members_admitted", 2, False, "名")]


def test_a_year_since_in_the_opening_names_the_report_year() -> None:
    opening = "2023年以来，在上级党委的领导下，我认真履行第一责任人职责。"
    work = "坚持把理论学习放在首位，严格落实第一议题制度，班子成员带头学习。" * 6
    text = f"{opening}{work}2023年以来共发展党员4名。"
    assert _found(text) == [("members_admitted", 4, False, "名")]


@pytest.mark.parametrize("text", ["", "。", "\n\n", "一二三四五六七八九十", "2023"])
def test_text_without_figures_gives_nothing(text: str) -> None:
    assert extract_mentions(text, Sections()) == ()


def test_table_value_is_the_largest_figure_per_metric() -> None:
    text = "全年发展党员3名。其中上半年发展党员1名。年底前又发展党员2名。"
    report = _report(text, extract_mentions(text, Sections()))
    assert report.metrics == {"members_admitted": 3}
    assert len(report.mentions) == 3


def _report(text: str, mentions: tuple[Mention, ...]) -> Report:
    from analytics.records import Meta

    return Report(
        report_id="x", file="x.txt", format="txt", text=text, meta=Meta(), mentions=mentions
    )


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("全年培训党员干部4期320人次。", "trainings", 320),
        ("开展志愿服务活动26次，参与党员540人次。", "volunteer_activities", 540),
    ],
)
def test_a_head_count_after_its_sessions_is_the_table_value(
    text: str, metric: str, value: int
) -> None:
    report = _report(text, extract_mentions(text, Sections()))
    assert report.metrics == {metric: value}


# --- Figures as reports are written in the field ------------------------------------------------
# One row per way of writing a figure seen in reports that were not written for this project (the
# sentences are our own). Rows: (text, [(metric, value, measure word as written)]).
Written = tuple[str, int | float, str]
FIELD_FOUND: list[tuple[str, list[Written]]] = [
    # the figure before its verb (把/将 N名… 发展为/成 党员)
    ("年内把3名入党积极分子发展为预备党员。", [("members_admitted", 3, "名")]),
    ("支部把两名返乡青年发展成党员。", [("members_admitted", 2, "名")]),
    ("党委把2名优秀教师吸收成为党员。", [("members_admitted", 2, "名")]),
    ("经支部大会表决，4名同志被吸收为中共预备党员。", [("members_admitted", 4, "名")]),
    ("全年共把5名同志吸收到党组织中来。", [("members_admitted", 5, "名")]),
    ("把3名入党积极分子确定为发展对象。", [("development_targets", 3, "名")]),
    # a bracketed list of names between the figure and its verb
    ("3名同学（张某、李某、王某）已成为正式党员。", [("members_confirmed", 3, "名")]),
    # a generic study cue under a sentence whose subject is the theory group
    (
        "局中心组学习紧扣中心工作，年内共组织集体学习10次。",
        [("theory_group_sessions", 10, "次")],
    ),
    (
        "党组中心组学习12次，组织党员集中学习24次。",
        [("theory_group_sessions", 12, "次"), ("member_study_sessions", 24, "次")],
    ),
    # one verb shared by several clauses
    ("全镇共有4个村党支部，党员156人。", [("branches", 4, "个"), ("party_members", 156, "人")]),
    ("机关设有党支部2个、党员38名。", [("branches", 2, "个"), ("party_members", 38, "名")]),
    ("社区现有居民3200人，党员67名。", [("party_members", 67, "名")]),
    ("下辖17个行政村、2个社区，党员1256名。", [("party_members", 1256, "名")]),
    # an aside in brackets names a part, not what the figure counts
    ("支部共有党员22名（其中预备党员1名）。", [("party_members", 22, "名")]),
    # ... and a verb that carries nothing to a clause naming another thing
    ("共有3个党支部，党员大会每季度召开1次。", [("branches", 3, "个")]),
    # a count of organisations written without its measure word
    ("公司党委下设5基层党组织。", [("branches", 5, "")]),
    ("局机关共有3党支部，党员41名。", [("branches", 3, ""), ("party_members", 41, "名")]),
    # 正式党员 as the whole membership, with or without 预备党员 after it
    ("支部现有正式党员36名。", [("party_members", 36, "名")]),
    ("正式党员41名，均按时交纳党费。", [("party_members", 41, "名")]),
    ("党员队伍中正式党员28人、预备党员3人。", [("party_members", 31, "人")]),
    # the retired members of a community are its membership, with the serving ones if named
    (
        "社区党委现有离退休党员213人，下设6个党支部。",
        [("party_members", 213, "人"), ("branches", 6, "个")],
    ),
    ("支部共有离退休党员30名，在职党员15名。", [("party_members", 45, "名")]),
    # a count of branches opening its clause
    ("全乡基层党支部24个，党员960名。", [("branches", 24, "个"), ("party_members", 960, "名")]),
    # people counted with 位
    ("现有党员32位。", [("party_members", 32, "位")]),
    ("今年发展新党员2位。", [("members_admitted", 2, "位")]),
    ("全年培养入党积极分子5位。", [("activists", 5, "位")]),
    ("经民主推荐，李某和王某两位同志被确定为入党积极分子。", [("activists", 2, "位")]),
    # the members of a branch
    ("第一党支部现有成员28人。", [("party_members", 28, "人")]),
    ("党支部共有成员19名，均为在职职工。", [("party_members", 19, "名")]),
    # a shortfall stated against a yearly norm is the year's figure
    ("个别支部每年讲党课仅1次。", [("party_lectures", 1, "次")]),
    ("每年只召开组织生活会1次，质量不高。", [("org_life_meetings", 1, "次")]),
    # 准备 and 将 that plan nothing
    ("做好准备，全年召开党员大会4次。", [("member_assemblies", 4, "次")]),
    # the unit's own whole scope
    ("全镇共发展党员26名。", [("members_admitted", 26, "名")]),
    ("全局共有党员85名。", [("party_members", 85, "名")]),
    # in-service members reporting to a community are check-ins
    ("社区接收35名在职党员报到。", [("community_checkins", 35, "名")]),
    ("接收在职党员报到42名。", [("community_checkins", 42, "名")]),
    # a talk of the secretary with a member he summoned
    ("班子成员约谈党员干部15人次。", [("talks", 15, "人次")]),
    # a frame of the unit's own work in its sector, and a problem of last year named as the cause
    ("在全县教育系统开展党务培训4期。", [("trainings", 4, "期")]),
    (
        "针对上年度考核点评指出的问题，举办党务培训班2场，培训党员360人次。",
        [("trainings", 2, "场"), ("trainings", 360, "人次")],
    ),
    # dues collected
    ("全年收缴党费2.3万元，已按时上缴。", [("dues", 23000, "元")]),
]

FIELD_TRAPS: list[str] = [
    # not the figure of an admission
    "把5名党员培养成致富带头人。",
    "接收转入党员组织关系5名。",
    "接收流动党员3名。",
    "接收3名流动党员。",
    # a branch's name, not a count of branches
    "机关一党支部开展主题党日活动。",
    "下设机关二支部、三支部。",
    "新成立2党支部。",
    "第3党支部开展主题党日活动。",
    # 正式党员 inside a breakdown or a confirmation
    "其中正式党员30名。",
    # 位 that counts no member
    "两位数增长。",
    "支部3位同志获评优秀党员。",
    "支部委员5位。",
    # 成员 of a committee or a group, not of the branch
    "支委会成员5人，分工明确。",
    "班子成员7人。",
    "党建工作领导小组成员9人。",
    "党支部委员会成员3名。",
    # norms that are no shortfall of the year
    "每季度仅召开1次支委会。",
    "每名党员每年仅需参加1次。",
    # a threshold
    "凡有正式党员3人以上的单位，应单独组建党支部。",
    # a part of the membership by age
    "其中35岁以下的党员人数为12人。",
    "60岁以上的党员人数有40人，占比偏高。",
    # plans beyond 计划 and 力争, before or right after the figure
    "其中2名同志准备接收为预备党员。",
    "准备发展党员2名。",
    "准备于年底前召开组织生活会1次。",
    "拟于下半年发展党员2名。",
    "将培养入党积极分子6名。",
    "年内将再讲党课2次。",
    "将于年底前召开组织生活会1次。",
    # cumulative figures and wider scopes
    "“十四五”以来，累计发展党员45名。",
    "十四五以来发展党员45名。",
    "十四五期间发展党员60名。",
    "近三年发展党员12名。",
    "全县教育系统共发展党员80名。",
    "全县系统共发展党员80名。",
    "全市国资系统发展党员300名。",
    "今年教育系统共有9名同志成为正式党员。",
    # funds and dues spent
    "落实党建经费5万元。",
    "全年党费列支1.2万元。",
    "从党费中列支3000元用于慰问困难党员。",
    "使用党费购买学习资料2000元。",
    # placeholders mixed with digits
    "共有党员7xx人。",
    "收缴党费X万元。",
    "收缴党费1X万元。",
    "发展党员××3名。",
    "召开支委会1X次。",
    "培训党员XX人次。",
]


@pytest.mark.parametrize(("text", "expected"), FIELD_FOUND, ids=[t for t, _ in FIELD_FOUND])
def test_figures_as_written_in_the_field_are_found(text: str, expected: list[Written]) -> None:
    mentions = extract_mentions(text, Sections())
    assert [(m.metric, m.value, m.unit_of_measure) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end].endswith(m.unit_of_measure)
        assert text[m.start : m.end] in m.evidence


@pytest.mark.parametrize("text", FIELD_TRAPS)
def test_field_traps_yield_no_figure(text: str) -> None:
    assert _found(text) == []


def test_the_field_tables_have_found_and_trap_rows() -> None:
    assert len(FIELD_FOUND) >= 25
    assert len(FIELD_TRAPS) >= len(FIELD_FOUND)


def test_the_work_report_of_a_whole_term_gives_no_figure_of_a_year() -> None:
    opening = "同志们：本届党总支任期届满，现在我代表本届党总支委员会作工作报告，请予审议。\n"
    body = "一、工作回顾\n组织党员集中学习30次，开展主题党日活动36次，发展党员5名。\n"
    assert extract_mentions(opening + body, Sections()) == ()
    # a yearly report that names an election of its own in passing keeps its figures
    yearly = "现将一年来抓基层党建工作情况报告如下。\n" + body + "年内完成任期届满支部换届2个。"
    assert [m.metric for m in extract_mentions(yearly, Sections())][:3] == [
        "member_study_sessions",
        "theme_party_days",
        "members_admitted",
    ]


# --- Confidence ---------------------------------------------------------------------------------
CONFIDENCE: list[tuple[str, list[tuple[str, str]]]] = [
    # a strong cue in the figure's own clause
    ("全年发展党员3名。", [("members_admitted", "high")]),
    (
        "召开支委会12次、党员大会4次。",
        [("branch_committee_meetings", "high"), ("member_assemblies", "high")],
    ),
    # the verb or cue carried from the clause before
    ("共有3个党支部，党员85人。", [("branches", "high"), ("party_members", "low")]),
    ("坚持每月召开支委会，全年共召开12次。", [("branch_committee_meetings", "low")]),
    ("举办培训班3期，参加党员260人次。", [("trainings", "high"), ("trainings", "low")]),
    # no measure word
    ("公司党委下设5基层党组织。", [("branches", "low")]),
    # a cumulative figure with no word of this year
    ("累计发展党员12名。", [("members_admitted", "low")]),
    ("全年累计发展党员6名。", [("members_admitted", "high")]),
]


@pytest.mark.parametrize(("text", "expected"), CONFIDENCE, ids=[t for t, _ in CONFIDENCE])
def test_each_figure_says_how_sure_it_is(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = extract_mentions(text, Sections())
    assert [(m.metric, m.confidence) for m in mentions] == expected
    for m in mentions:
        assert m.confidence in CONFIDENCE_LEVELS
        # a low reading says why, in Chinese; a high one needs no reason
        assert bool(m.confidence_reason) == (m.confidence == "low")


# --- Tables of a .docx -------------------------------------------------------------------------
def _docx_mentions(
    lines: list[str], table: list[list[str]], after: tuple[str, ...] = ()
) -> tuple[str, tuple[Mention, ...]]:
    text = read_document(build_docx(lines, table=table, after=after), "表格.docx").text
    return text, extract_mentions(text, split_sections(text))


def test_figures_that_stand_only_in_a_table_in_place_are_found() -> None:
    text, mentions = _docx_mentions(
        ["一、基本情况", "支部基本数据如下："],
        [
            ["指标", "数量", "单位"],
            ["党员人数", "45", "名"],
            ["发展党员", "2", "名"],
            ["召开支委会", "12", "次"],
            ["收缴党费", "2.3", "万元"],
        ],
        ("二、存在问题", "一是理论学习不够深入。"),
    )
    got = [(m.metric, m.value, m.unit_of_measure, text[m.start : m.end]) for m in mentions]
    assert got == [
        ("party_members", 45, "名", "45"),
        ("members_admitted", 2, "名", "2"),
        ("branch_committee_meetings", 12, "次", "12"),
        ("dues", 23000, "元", "2.3"),
    ]
    assert mentions[1].evidence == "发展党员 | 2 | 名"
    assert {m.confidence for m in mentions} == {"high"}


def test_an_indicator_table_appended_after_the_sign_off_gives_what_was_done() -> None:
    text, mentions = _docx_mentions(
        [
            "一、履职情况",
            "全年认真落实“三会一课”制度。",
            "二、存在问题",
            "一是党建工作创新不足。",
            "三、下一步打算",
            "继续抓好支部标准化建设。",
            "城关社区党支部",
            "2023年12月20日",
            "附表：2023年度基层党建重点指标完成情况统计表",
        ],
        [
            ["序号", "指标", "目标值", "完成值", "单位", "完成率"],
            ["1", "发展党员", "5", "6", "名", "120%"],
            ["2", "讲党课", "4", "3", "次", "75%"],
            ["3", "开展主题党日活动", "12", "12", "次", "100%"],
        ],
    )
    got = [(m.metric, m.value, text[m.start : m.end]) for m in mentions]
    assert got == [
        ("members_admitted", 6, "6"),
        ("party_lectures", 3, "3"),
        ("theme_party_days", 12, "12"),
    ]
    row = text.index("1\t发展党员")
    assert mentions[0].start == text.index("6", row)
    assert mentions[0].evidence == "1 | 发展党员 | 5 | 6 | 名 | 120%"


def test_a_table_without_measure_words_gives_figures_of_low_confidence() -> None:
    _, mentions = _docx_mentions(
        ["2023年党建工作主要数据"],
        [
            ["项目", "2023年", "2022年"],
            ["发展党员", "3", "5"],
            ["召开党员大会", "4", "6"],
            ["党员人数（名）", "62", "60"],
            ["党费（万元）", "1.15", "1.1"],
        ],
    )
    got = [(m.metric, m.value, m.unit_of_measure, m.confidence) for m in mentions]
    assert got == [
        ("members_admitted", 3, "", "low"),
        ("member_assemblies", 4, "", "low"),
        ("party_members", 62, "名", "high"),
        ("dues", 11500, "元", "high"),
    ]
    assert mentions[0].confidence_reason


@pytest.mark.parametrize(
    ("title", "table"),
    [
        # a plans table in the next-steps part
        ("2024年党建工作目标", [["指标", "目标", "单位"], ["发展党员", "5", "名"]]),
        # a rate, a serial number, a remark
        ("主要指标", [["序号", "指标", "完成率"], ["1", "党费收缴", "100"]]),
        ("主要指标", [["指标", "备注"], ["组织生活会", "2"]]),
        # a column of another year only
        ("主要指标", [["项目", "2022年"], ["发展党员", "5"]]),
        # a number with no metric named in its row
        ("基本情况", [["项目", "数量"], ["在岗职工", "120"]]),
    ],
)
def test_table_cells_that_are_no_figure_of_the_year(title: str, table: list[list[str]]) -> None:
    lines = ["2023年度抓基层党建工作述职报告", "一、工作情况", "全年扎实推进各项工作。"]
    lines += ["二、下一步工作打算", title]
    _, mentions = _docx_mentions(lines, table)
    assert mentions == ()
