package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// norm folds a column or file name for comparison: NFKC (full-width letters
// become ASCII), lower case, and only letters and digits kept, so
// "Customer ID", "customer_id", "customerID" and "顧客ＩＤ" compare by
// their letters alone.
func normName(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words splits a name into lower-case words as detection reads column
// names (also used for event names when proposing a [journey] section).
func Words(s string) []string { return tokens(s) }

// tokens splits a name into lower-case words at non-alphanumerics and at
// camelCase boundaries: "InvoiceDate" → invoice date, "customerID" →
// customer id, "Lifetime Post Total Impressions" → four words.
func tokens(s string) []string {
	s = norm.NFKC.String(s)
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if i > 0 && unicode.IsUpper(r) && len(cur) > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// rule says which source names fit one canonical column.
type rule struct {
	exact  []string // normalised names: confidence 1
	weak   []string // generic normalised names ("id", "date"): 0.8
	words  []string // a whole word of the name (ASCII) or a substring (Japanese): about 0.6
	avoid  []string // words that disqualify a name ("declared" revenue is no amount)
	prefix []string // normalised prefixes ("numberof" → quantity): 0.6
}

// match scores name against r: 0 when it does not fit.
func (r rule) match(name string) float64 {
	n := normName(name)
	if n == "" {
		return 0
	}
	toks := tokens(name)
	for _, a := range r.avoid {
		if hasWord(toks, n, a) {
			return 0
		}
	}
	for _, e := range r.exact {
		if n == e {
			return 1
		}
	}
	for _, e := range r.weak {
		if n == e {
			return 0.8
		}
	}
	best := -1.0
	for _, e := range r.exact {
		// "Lifetime Post Total Impressions" ends with "totalimpressions";
		// "Customer ID (hashed)" starts with "customerid".
		if utf8.RuneCountInString(e) >= 4 && (strings.HasSuffix(n, e) || strings.HasPrefix(n, e)) {
			best = max(best, 0.7-0.01*float64(utf8.RuneCountInString(n)-utf8.RuneCountInString(e)))
		}
	}
	for _, w := range r.words {
		if isASCII(w) {
			for _, t := range toks {
				if t == w {
					best = max(best, 0.6-0.02*float64(len(toks)-1))
				}
			}
		} else if strings.Contains(n, w) {
			best = max(best, 0.6-0.01*float64(utf8.RuneCountInString(n)-utf8.RuneCountInString(w)))
		}
	}
	for _, p := range r.prefix {
		if strings.HasPrefix(n, p) {
			best = max(best, 0.6)
		}
	}
	if best > -1 {
		return max(best, 0.05)
	}
	return 0
}

func hasWord(toks []string, n, w string) bool {
	if !isASCII(w) {
		return strings.Contains(n, w)
	}
	for _, t := range toks {
		if t == w {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// with returns r with more exact names, weak names and words.
func (r rule) with(exact, weak, words []string) rule {
	return rule{
		exact:  append(append([]string{}, r.exact...), exact...),
		weak:   append(append([]string{}, r.weak...), weak...),
		words:  append(append([]string{}, r.words...), words...),
		avoid:  r.avoid,
		prefix: r.prefix,
	}
}

func list(s string) []string { return strings.Fields(s) }

var (
	customerID = rule{
		exact: list(`customerid custid customerno customernumber customercode customerkey clientid userid
			memberid accountid buyerid shopperid visitorid contactid uid cid customer user member client
			buyer shopper purchaser respondent respondentid
			顧客id 顧客番号 顧客コード 顧客no 会員id 会員番号 会員no ユーザーid ユーザid ユーザー番号 お客様番号
			お客様id 顧客 会員 ユーザー ユーザ`),
		weak: list(`mqlid leadid personid`),
	}
	// genericTime fits the one timestamp that places a row in time.
	genericTime = rule{
		weak:  list(`date datetime timestamp time ts 日付 日時 年月日 時刻`),
		words: list(`date datetime timestamp time at 日時 日付 年月日 時刻`),
	}
)

// rules: role → canonical column → rule.
var rules = map[string]map[string]rule{
	"customers": {
		"customer_id": customerID.with(nil, list(`id`), nil),
		"signup_at": {
			exact: list(`signupat signupdate signedupat signupdatetime registeredat registrationdate registerdate
				registereddate createdat joinedat joindate joined membersince customersince firstcontactdate
				firstcontact firstseen firstseenat 登録日 登録日時 会員登録日 入会日 入会日時 加入日 登録年月日`),
			words: list(`signup registered registration joined 登録 入会`),
		},
		// A snapshot's churn flag and tenure (SPEC §6); the flag's values
		// must be yes/no, true/false or 0/1 (valueFit).
		"churned": {
			exact: list(`churn churned exited attrition attrited hasleft left cancelled canceled ischurned
				churnflag churnlabel 解約 解約済 解約フラグ 退会 退会済 退会フラグ 離反`),
			words: list(`churn churned exited attrition 解約 退会 離反`),
			avoid: list(`date at score reason probability risk`),
		},
		"tenure_months": {
			exact: list(`tenure tenuremonths monthsactive monthsascustomer monthswithus
				customertenure lengthofstay 契約月数 継続月数 在籍月数 利用月数 加入月数`),
			words: list(`tenure 月数`),
			avoid: list(`date days years`),
		},
	},
	"orders": {
		"order_id": {
			exact: list(`orderid orderno ordernumber ordercode invoice invoiceno invoiceid invoicenumber
				transactionid transactionno txid txnid receiptid receiptno purchaseid 注文番号 注文id 注文no
				受注番号 受注id 伝票番号 取引id 取引番号 購入id 購入番号 レシート番号 オーダー番号 オーダーid`),
			weak: list(`id`),
		},
		"customer_id": customerID,
		"ordered_at": genericTime.with(list(`orderedat orderdate orderdatetime ordertime purchasedat purchasedate
			purchasedatetime purchasetime invoicedate transactiondate transactiontime saledate salesdate
			購入日 購入日時 注文日 注文日時 受注日 受注日時 売上日 取引日 取引日時 購入時刻 購入年月日`), nil, nil),
		"amount": {
			exact: list(`amount totalamount total sales revenue price totalprice value dollarvalue payment
				paymentvalue paymentamount subtotal grandtotal ordertotal ordervalue orderamount salesamount
				spend spent 金額 売上 売上金額 売上高 合計 合計金額 購入金額 支払金額 支払額 税込金額 総額 請求金額
				注文金額`),
			words: list(`amount total sales revenue price value payment spend 金額 売上 合計 単価`),
			avoid: list(`declared monthly expected estimated budget target`),
		},
		"quantity": {
			exact:  list(`quantity qty quantities units unitcount count numberofitems items itemcount 数量 個数 点数 購入数 購入個数 注文数`),
			words:  list(`quantity qty units 数量 個数`),
			prefix: list(`numberof numof`),
		},
	},
	"responses": {
		"customer_id": customerID,
		"responded_at": genericTime.with(list(`respondedat responsedate responsetime answeredat answerdate
			submittedat submitdate submissiondate surveydate surveyedat completedat 回答日 回答日時 回答日付
			実施日 調査日`), nil, nil),
		"score": {
			exact: list(`score npsscore nps recommend likelihoodtorecommend recommendationscore csat csatscore
				ces cesscore satisfaction satisfactionscore スコア 推奨度 満足度 点数 評点 npsスコア 評価`),
			weak:  list(`rating`),
			words: list(`score nps recommend スコア 推奨 満足度`),
		},
		"survey": {
			exact: list(`survey surveytype surveyname questionnaire metric アンケート アンケート種別 調査 調査名 調査種別`),
			weak:  list(`type kind 種別`),
		},
		"touchpoint": {exact: list(`touchpoint touchpoints channel context trigger タッチポイント 接点 チャネル チャネル名`)},
		"comment": {
			exact: list(`comment comments feedback verbatim text reason freetext answer remarks コメント 自由回答 ご意見 意見 理由 感想 備考`),
			words: list(`comment feedback コメント`),
		},
	},
	"events": {
		"customer_id": customerID,
		"occurred_at": genericTime.with(list(`occurredat eventtime eventdate eventtimestamp eventat createdat
			loggedat accessedat visitedat 発生日時 発生日 イベント日時 アクセス日時 行動日時`), nil, nil),
		"event": {
			exact: list(`event eventname eventtype action actiontype behavior behaviour behaviortype
				behaviourtype activity activitytype step イベント イベント名 イベント種別 行動 アクション`),
			weak:  list(`type 種別`),
			words: list(`event action behavior behaviour イベント`),
			avoid: list(`profile segment`),
		},
		"channel":    {exact: list(`channel source medium utmsource utmmedium origin referrer チャネル チャネル名 流入元 経路 媒体`)},
		"session_id": {exact: list(`sessionid session sessionkey visitid セッションid セッション`)},
	},
	"subscriptions": {
		"customer_id": customerID,
		"started_at": {
			exact: list(`startedat startdate start startat subscribedat subscriptiondate subscriptionstart
				contractstart contractstartdate contractdate activatedat 開始日 契約日 契約開始日 加入日 申込日 利用開始日`),
			words: list(`start started 開始`),
		},
		"ended_at": {
			exact: list(`endedat enddate end endat canceledat cancelledat cancellationdate canceldate churnedat
				churndate terminatedat expiredat contractend contractenddate 終了日 解約日 契約終了日 退会日 利用終了日`),
			words: list(`end ended cancel canceled cancelled churned 終了 解約 退会`),
		},
		"plan": {exact: list(`plan planname plantype tier subscriptionplan product course contract プラン コース 契約種別 料金プラン`)},
		"mrr": {
			exact: list(`mrr monthlyfee monthlyprice monthlycharge monthlycharges monthlyamount monthlyrevenue fee price amount 月額 月額料金 料金`),
			words: list(`mrr 月額`),
		},
	},
	"reviews": {
		"customer_id": customerID,
		"reviewed_at": genericTime.with(list(`reviewedat reviewdate reviewtime reviewcreationdate postedat
			createdat submittedat レビュー日 レビュー日時 投稿日 投稿日時 評価日`), nil, nil),
		"rating": {
			exact: list(`rating stars star starrating reviewscore rate 評価 星 星評価 星の数 レーティング 評点`),
			weak:  list(`score`),
			words: list(`rating stars star 評価`),
		},
		"text": {
			exact: list(`text review reviewtext reviewbody body comment comments content message
				reviewcommentmessage レビュー レビュー本文 本文 コメント 内容 感想`),
			words: list(`text body comment message 本文 コメント`),
			avoid: list(`id title`),
		},
		"product": {
			exact: list(`product productid productname item itemid itemname sku 商品 商品名 商品id 商品コード 品名`),
			words: list(`product item sku 商品`),
		},
	},
	"posts": {
		"post_id": {
			exact: list(`postid postnumber mediaid tweetid 投稿id 投稿番号`),
			weak:  list(`id post`),
		},
		"posted_at": genericTime.with(list(`postedat postdate postdatetime posttime publishedat publishdate
			publishtime createdat createdtime 投稿日 投稿日時 公開日 公開日時`), nil, nil),
		"platform": {exact: list(`platform network sns socialnetwork channel media site プラットフォーム 媒体 sns名`)},
		"impressions": {
			exact: list(`impressions impression totalimpressions imp imps views viewcount 表示回数 インプレッション インプレッション数 imp数`),
			words: list(`impressions impression インプレッション 表示回数`),
		},
		"interactions": {
			exact: list(`interactions totalinteractions engagements engagement totalengagement エンゲージメント エンゲージメント数 反応数`),
			words: list(`interactions engagements エンゲージメント`),
		},
		"likes": {
			exact: list(`likes like reactions favorites favourites hearts いいね いいね数`),
			words: list(`likes like いいね`),
			avoid: list(`page`),
		},
		"comments": {
			exact: list(`comments comment replies コメント コメント数 返信数`),
			words: list(`comments comment コメント`),
		},
		"shares": {
			exact: list(`shares share retweets reposts rt シェア シェア数 リツイート リツイート数`),
			words: list(`shares share シェア`),
		},
		"clicks": {
			exact: list(`clicks click linkclicks クリック クリック数`),
			words: list(`clicks click クリック`),
		},
		"saves": {
			exact: list(`saves save saved bookmarks 保存 保存数`),
			words: list(`saves saves 保存`),
		},
	},
}

// fileWords: role → words of a file name that suggest it (whole words for
// ASCII, substrings for Japanese).
var fileWords = map[string][]string{
	"customers":     list(`customers customer clients client members accounts users 顧客 会員 ユーザー`),
	"orders":        list(`orders order purchases purchase transactions transaction sales invoices receipts 注文 購入 受注 売上 取引`),
	"responses":     list(`responses response survey surveys nps csat ces feedback questionnaire アンケート 回答 調査`),
	"events":        list(`events event behavior behaviour log logs clickstream activity activities tracking access leads deals 行動 ログ アクセス イベント`),
	"subscriptions": list(`subscriptions subscription contracts contract plans 契約 サブスク 定期`),
	"reviews":       list(`reviews review ratings 口コミ クチコミ レビュー`),
	"posts":         list(`posts post sns social facebook instagram twitter tiktok threads linkedin 投稿`),
}

// eventNouns: a file-name word that names the one event every row of an
// events file without an event column stands for.
var eventNouns = map[string]string{
	"leads": "lead", "lead": "lead", "deals": "won", "won": "won", "signups": "signup",
	"visits": "visit", "logins": "login", "clicks": "click", "pageviews": "page_view",
}

// knownName reports whether name is a column name some rule knows exactly.
func knownName(name string) bool {
	n := normName(name)
	if n == "" {
		return false
	}
	for _, cols := range rules {
		for _, r := range cols {
			for _, e := range r.exact {
				if e == n {
					return true
				}
			}
		}
	}
	return false
}
