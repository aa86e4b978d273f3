// Streamlit's and plotly's own interface words in Chinese. Installed once per browser tab:
// a MutationObserver rewrites the English text nodes and tooltip attributes as they appear.
(() => {
  const root = window.parent && window.parent !== window ? window.parent : window;
  if (root.__zhChrome) return;
  root.__zhChrome = true;
  const doc = root.document;
  const WORDS = {
    "Upload": "上传",
    "Browse files": "选择文件",
    "Drag and drop files here": "把文件拖到这里",
    "Drag and drop file here": "把文件拖到这里",
    "Remove file": "移除文件",
    "Select all": "全选",
    "Clear all": "全部清除",
    "Clear": "清除",
    "Clear value": "清除",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "No results": "没有匹配项",
    "No options to select": "没有可选项",
    "Selected values": "已选项",
    "Open": "展开",
    "Close": "关闭",
    "Show/hide columns": "显示/隐藏列",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Exit fullscreen": "退出全屏",
    "Sort ascending": "升序排列",
    "Sort descending": "降序排列",
    "Autosize": "自动列宽",
    "Pin column": "固定列",
    "Unpin column": "取消固定列",
    "Hide column": "隐藏列",
    "Format": "格式",
    "Automatic": "自动",
    "Add row": "添加行",
    "Delete row": "删除行",
    "Delete rows": "删除行",
    "Delete": "删除",
    "Copy to clipboard": "复制",
    "Download plot as a PNG": "下载为 PNG 图片",
    "Download plot": "下载图片",
    "Zoom": "缩放",
    "Pan": "平移",
    "Box Select": "框选",
    "Lasso Select": "套索选择",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "重置坐标轴",
    "Reset view": "重置视图",
    "Reset views": "重置视图",
    "Toggle Spike Lines": "显示/隐藏参考线",
    "Show closest data on hover": "悬停显示最近的数据",
    "Compare data on hover": "悬停比较数据",
    "Sidebar": "侧边栏",
    "Collapse sidebar": "收起侧边栏",
    "Expand sidebar": "展开侧边栏",
    "App pages": "页面",
    "View more": "显示更多",
    "View less": "收起",
    "Link to heading": "本节链接",
    "Skip to main content": "跳到正文",
    "file upload": "上传文件",
    "Running...": "正在运行……",
    "Stop": "停止",
    "Main menu": "主菜单",
    "Rerun": "重新运行",
    "Settings": "设置",
    "Print": "打印",
    "About": "关于",
    "Clear cache": "清除缓存",
    "Press Enter to apply": "按回车键确认",
    "Press Enter to submit form": "按回车键提交",
    "Press Enter to submit": "按回车键提交",
    "Previous page": "上一页",
    "Next page": "下一页",
    "Show password text": "显示密码",
    "Hide password text": "隐藏密码",
    "Increment": "增加",
    "Decrement": "减少",
    "Copy": "复制",
    "Dismiss": "关闭",
  };
  const PATTERNS = [
    [/^(?:Limit\s+)?(\d+(?:\.\d+)?)\s*([KMG]B) per file$/, (m) => `每个文件不超过 ${m[1]} ${m[2]}`],
    [/^•\s*([A-Z0-9, ]+)$/, (m) => `• 支持 ${m[1].split(/,\s*/).join("、")}`],
    [/^Help for (.+)$/s, (m) => `“${m[1]}”的说明`],
    [/^Remove (.+)$/s, (m) => `移除“${m[1]}”`],
    [/^(.*) — start$/s, (m) => `${m[1]}（起）`],
    [/^(.*) — end$/s, (m) => `${m[1]}（止）`],
    [/^Showing page (\d+) of (\d+)$/, (m) => `第 ${m[1]}/${m[2]} 页`],
    [/^(\d+) rows?$/, (m) => `${m[1]} 行`],
    [/^(\d+) options? available\.?$/, (m) => `共 ${m[1]} 个选项`],
    [/^(\d+) results? available\.?$/, (m) => `共 ${m[1]} 个结果`],
    [/^No results? available\.?$/, () => "没有匹配项"],
    [/^option (.+), selected\.?$/s, (m) => `已选：${m[1]}`],
  ];
  const ATTRS = ["title", "aria-label", "placeholder", "data-title"];
  // Text the user's reports or widgets show is never touched: only Streamlit's and plotly's chrome.
  const SKIP =
    "[class|='report'], .print-view, .kwic, code, pre, [data-testid='stMarkdown'], [data-testid='stCaptionContainer']";

  const zh = (value) => {
    if (!value) return null;
    const text = value.trim();
    if (!/[A-Za-z]/.test(text)) return null;
    if (Object.prototype.hasOwnProperty.call(WORDS, text)) return WORDS[text];
    for (const [re, make] of PATTERNS) {
      const m = text.match(re);
      if (m) return make(m);
    }
    return null;
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP) || parent.closest("[data-testid='stIconMaterial']")) return;
    const out = zh(node.nodeValue);
    if (out !== null && out !== node.nodeValue) node.nodeValue = out;
  };
  const fixAttrs = (el) => {
    if (el.closest && el.closest("[class|='report'], .print-view, .kwic")) return;
    for (const name of ATTRS) {
      const value = el.getAttribute && el.getAttribute(name);
      const out = zh(value);
      if (out !== null && out !== value) el.setAttribute(name, out);
    }
  };
  const walk = (top) => {
    if (top.nodeType === 3) return fixText(top);
    if (top.nodeType !== 1) return;
    fixAttrs(top);
    const texts = doc.createTreeWalker(top, 4);
    while (texts.nextNode()) fixText(texts.currentNode);
    for (const el of top.querySelectorAll("[title],[aria-label],[placeholder],[data-title]")) {
      fixAttrs(el);
    }
  };
  const observer = new root.MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fixText(r.target);
      else if (r.type === "attributes") fixAttrs(r.target);
      else r.addedNodes.forEach(walk);
    }
  });
  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRS,
  });
  walk(doc.body);
  doc.documentElement.lang = "zh-CN";
})();
