// Page-chrome vocabulary for the HTML boilerplate remover (HTMLArticle).
// Source: written for Gleaner from the markup conventions of common news and blog templates
// (class and id names of navigation, sharing, advertising, consent and recommendation
// widgets; the short labels they print). Licence: the project's. One entry per line,
// lowercase; `#` starts a comment.

/// Word lists that mark page chrome, embedded at build.
enum PageChromeData {
    /// Elements dropped with everything inside them.
    static let droppedTags = #"""
    script
    style
    noscript
    template
    svg
    canvas
    iframe
    object
    embed
    form
    button
    input
    select
    textarea
    nav
    aside
    footer
    menu
    dialog
    figure
    figcaption
    picture
    video
    audio
    map
    # AMP components that carry no article text
    amp-ad
    amp-embed
    amp-sidebar
    amp-social-share
    amp-analytics
    amp-consent
    amp-user-notification
    amp-sticky-ad
    amp-iframe
    amp-img
    amp-video
    amp-carousel
    amp-lightbox
    """#

    /// ARIA roles of page chrome.
    static let droppedRoles = #"""
    navigation
    banner
    contentinfo
    complementary
    dialog
    alertdialog
    search
    menu
    menubar
    toolbar
    """#

    /// Words in class, id or data-component names that mark chrome ("share-tools" → share).
    static let chromeClassWords = #"""
    ad
    ads
    adslot
    advert
    advertisement
    advertising
    banner
    breadcrumb
    breadcrumbs
    comment
    comments
    consent
    cookie
    cookies
    credit
    caption
    epic
    footer
    gdpr
    like
    likes
    menu
    modal
    most
    nav
    navigation
    newsletter
    onwards
    outbrain
    pagination
    paywall
    popular
    popup
    promo
    recirc
    recommended
    related
    relatedposts
    share
    sharing
    sharedaddy
    sidebar
    signup
    skip
    social
    sponsor
    sponsored
    subscribe
    support
    taboola
    tag
    tags
    toolbar
    trending
    widget
    sr
    visually
    """#

    /// Words in class, id or itemprop names that mark the article's body.
    static let contentClassWords = #"""
    article
    articlebody
    body
    content
    entry
    main
    post
    story
    text
    """#

    /// Words in class, id or itemprop names that mark a byline.
    static let bylineClassWords = #"""
    author
    authors
    byline
    contributor
    writer
    """#

    /// Short lines that are labels, never article text (compared lowercased, trailing
    /// punctuation dropped).
    static let chromeLines = #"""
    share
    share this
    share this article
    share this story
    share this:
    like this
    copy link
    advertisement
    scroll to continue
    advertisement · scroll to continue
    read more
    related
    related topics
    more on this story
    most read
    most popular
    top stories
    image source
    image caption
    media caption
    skip to content
    skip to main content
    accessibility links
    loading...
    """#

    /// How promotions open: a block starting with one of these and holding a link is not
    /// article text ("Follow Example News on Facebook…", "Sign up for our newsletter…").
    static let promotionOpenings = #"""
    follow
    sign up
    subscribe
    click here
    get in touch
    download our app
    read more
    related:
    see also
    watch:
    listen:
    """#

    /// Entries of one list above, comments and blank lines dropped.
    static func entries(_ list: String) -> Set<String> {
        Set(list.split(separator: "\n").map { $0.trimming(" ") }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
